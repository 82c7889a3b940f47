import { Entity, Enum, PrimaryKey, Property, ManyToOne, Index } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum Role {
  USER = 'user',
  REVIEWER = 'reviewer',
  ADMIN = 'admin',
}
registerEnumType(Role, { name: 'Role' });

/** A person or organisation with an account. Only the public parts are GraphQL fields. */
@ObjectType({ description: 'A registry account, as the public sees it' })
@Entity()
export class User {
  [OptionalProps]?: 'role' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field({ description: 'Unique handle, shown as review author' })
  @Property({ type: 'string', length: 64, unique: true })
  username!: string;

  @Field()
  @Property({ type: 'string', length: 128 })
  displayName!: string;

  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Enum({ items: () => Role, nativeEnumName: undefined })
  role: Role = Role.USER;

  /** The scrypt hash of the web password (see password.ts); null for accounts that sign in only with keys. */
  @Property({ type: 'text', nullable: true, lazy: true })
  passwordHash?: string | null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}

/** An API key: only its SHA-256 is stored; `prefix` lets people tell keys apart. */
@ObjectType({ description: "An API key's public facts (the secret is shown once, at creation)" })
@Entity()
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'scopes' | 'session';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field()
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Field({ description: 'The first characters of the key, to tell keys apart' })
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Property({ type: 'string', length: 64, unique: true })
  hash!: string;

  @Field(() => [String])
  @Property({ type: 'json' })
  scopes: string[] = [];

  @Field(() => Date, { nullable: true })
  @Property({ type: DateTimeType, nullable: true })
  expiresAt?: Date | null;

  /**
   * The key that minted this one: it bounds this key's scopes and expiry, and revoking it revokes this one. Null for
   * keys the server operator issued (and for keys minted before keys recorded their parent).
   */
  @ManyToOne(() => ApiKey, { nullable: true, deleteRule: 'cascade' })
  parent?: Rel<ApiKey> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: DateTimeType, nullable: true })
  revokedAt?: Date | null;

  @Field({ description: 'A browser session (signing in on the web made it), not a key made for a program' })
  @Property({ type: 'boolean' })
  session: boolean = false;

  @Field(() => Date, { nullable: true })
  @Property({ type: DateTimeType, nullable: true })
  lastUsedAt?: Date | null;

  @Field()
  @Index()
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
