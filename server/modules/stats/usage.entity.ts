import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps } from '@mikro-orm/core';
import { countColumn } from './count.js';

/**
 * The clients already counted for a plugin version on a UTC day: one download per client per version
 * per day. `client` is a salted SHA-256 (of the install id, or of IP and user agent), never a raw address.
 * Rows older than two days are pruned.
 */
@Entity()
@Index({ properties: ['day'] })
export class DownloadSeen {
  @PrimaryKey({ type: 'string', length: 64 })
  pluginId!: string;

  @PrimaryKey({ type: 'string', length: 128 })
  version!: string;

  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  @PrimaryKey({ type: 'string', length: 64 })
  client!: string;
}

/** Counted downloads by country (from a trusted proxy's header, or "unknown") per plugin per day. */
@Entity()
export class DownloadCountryDaily {
  @PrimaryKey({ type: 'string', length: 64 })
  pluginId!: string;

  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  @PrimaryKey({ type: 'string', length: 8 })
  country!: string;

  @Property({ type: countColumn() })
  count: number = 0;
}

/** One installation reported by the CLI: active until it reports the uninstall. */
@Entity()
@Index({ properties: ['pluginId', 'removedAt'] })
@Index({ properties: ['userId', 'pluginId'] })
export class Installation {
  [OptionalProps]?: 'installedAt' | 'removedAt' | 'userId';

  @PrimaryKey({ type: 'string', length: 64 })
  pluginId!: string;

  /** Salted SHA-256 of the install id (or of IP and user agent). */
  @PrimaryKey({ type: 'string', length: 64 })
  client!: string;

  @Property({ type: 'string', length: 128 })
  version!: string;

  @Property({ type: 'string', length: 8 })
  country!: string;

  /** The signed-in user who installed it, when there was one ("reviewer has installed" badges). */
  @Property({ type: 'integer', nullable: true })
  userId?: number | null;

  @Property({ type: DateTimeType })
  installedAt: Date = new Date();

  @Property({ type: DateTimeType, nullable: true })
  removedAt?: Date | null;
}

/** Opt-in error telemetry, summed per plugin version per day. */
@Entity()
export class TelemetryDaily {
  @PrimaryKey({ type: 'string', length: 64 })
  pluginId!: string;

  @PrimaryKey({ type: 'string', length: 128 })
  version!: string;

  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  @Property({ type: countColumn() })
  requests: number = 0;

  @Property({ type: countColumn() })
  errors: number = 0;
}
