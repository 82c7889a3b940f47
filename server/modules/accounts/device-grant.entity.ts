import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { ApiKey, User } from './user.entity.js';

export type DeviceGrantStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

/**
 * One OAuth 2.0 device authorization (RFC 8628): a CLI asked for a key, a person signed in on the web approves or
 * denies it by its user code, and the CLI redeems it once with its device code. Both codes are kept only as SHA-256.
 */
@Entity()
export class DeviceGrant {
  [OptionalProps]?: 'createdAt' | 'status' | 'lastPolledAt' | 'user' | 'key' | 'grantedScopes' | 'decidedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64, unique: true })
  deviceCodeHash!: string;

  @Property({ type: 'string', length: 64, unique: true })
  userCodeHash!: string;

  @Property({ type: 'string', length: 64 })
  clientId!: string;

  /** What the client asked for (every scope the user's role allows, when it named none). */
  @Property({ type: 'json', nullable: true })
  requestedScopes?: string[] | null;

  /** What the person approved: the requested scopes their role may hold. */
  @Property({ type: 'json', nullable: true })
  grantedScopes?: string[] | null;

  /** The address the client asked from, shown on the approval page. */
  @Property({ type: 'string', length: 64 })
  requestIp!: string;

  @Property({ type: 'string', length: 16 })
  status: DeviceGrantStatus = 'pending';

  /** Seconds the client must wait between polls; grows by 5 each time it polls sooner (slow_down). */
  @Property({ type: 'integer' })
  interval!: number;

  @Property({ type: DateTimeType, nullable: true })
  lastPolledAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'cascade' })
  user?: Rel<User> | null;

  /** The key the client received. */
  @ManyToOne(() => ApiKey, { nullable: true, deleteRule: 'set null' })
  key?: Rel<ApiKey> | null;

  @Property({ type: DateTimeType, nullable: true })
  decidedAt?: Date | null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Index()
  @Property({ type: DateTimeType })
  expiresAt!: Date;
}
