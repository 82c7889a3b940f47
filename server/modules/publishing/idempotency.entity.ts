import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps } from '@mikro-orm/core';

/** The answer to a write made with an `Idempotency-Key`, replayed when the same caller retries it. */
@Entity()
export class IdempotencyRecord {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer' })
  userId!: number;

  @PrimaryKey({ type: 'string', length: 128 })
  key!: string;

  /** sha256 of the request body: the same key with another body is refused. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'json' })
  response!: Record<string, unknown>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
