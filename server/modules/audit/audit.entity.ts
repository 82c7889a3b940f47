import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';

/** One write: who did what to which object, when. Append-only. */
@ObjectType({ description: 'An entry of the audit log (admins only)' })
@Entity()
@Index({ properties: ['target', 'createdAt'] })
export class AuditEntry {
  [OptionalProps]?: 'createdAt' | 'details';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor?: Rel<User> | null;

  @Field({ description: 'What was done, e.g. submission.approve, version.yank' })
  @Property({ type: 'string', length: 64 })
  action!: string;

  @Field({ description: 'What it was done to, e.g. plugin:openai-plugin, submission:sub-…' })
  @Property({ type: 'string', length: 200 })
  target!: string;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  details: Record<string, unknown> = {};

  @Field()
  @Index()
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
