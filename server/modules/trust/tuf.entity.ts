import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType } from '@mikro-orm/core';

/** One signed version of a TUF role: the bytes served at /tuf/metadata/<version>.<role>.json (migration 0012). */
@Entity({ tableName: 'tuf_metadata' })
export class TufMetadata {
  @PrimaryKey({ type: 'string', length: 64 })
  role!: string;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  version!: number;

  @Property({ type: 'text' })
  body!: string;

  /** sha256 of what the role lists (its signed part without version and expiry): equal digests, nothing to re-sign. */
  @Property({ type: 'string', length: 64 })
  digest!: string;

  @Property({ type: DateTimeType })
  expires!: Date;
}

/** The signed bytes of a generated target (registry.json, advisories.json), kept by sha256 for every replica to serve. */
@Entity({ tableName: 'tuf_blob' })
export class TufBlob {
  @PrimaryKey({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', length: 255 })
  path!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
