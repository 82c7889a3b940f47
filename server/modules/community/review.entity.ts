import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Plugin } from '../catalog/plugin.entity.js';
import { User } from '../accounts/user.entity.js';

/** One user's review of one plugin (a second review by the same user edits this one). */
@ObjectType({ description: 'A rating with an optional comment' })
@Entity()
@Unique({ properties: ['plugin', 'user'] })
@Index({ properties: ['plugin', 'createdAt'] })
@Index({ properties: ['openFlags'] })
export class Review {
  [OptionalProps]?: 'comment' | 'createdAt' | 'updatedAt' | 'hidden' | 'openFlags';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Plugin, { deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => Int, { description: '1 to 5' })
  @Property({ type: 'integer' })
  rating!: number;

  @Field()
  @Property({ type: 'text' })
  comment: string = '';

  @Field()
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: DateTimeType })
  updatedAt: Date = new Date();

  @Property({ type: 'boolean' })
  hidden: boolean = false;

  @Property({ type: 'text', nullable: true })
  hiddenReason?: string | null;

  /** Open flags from users, kept on the row so the moderation queue is an index scan. */
  @Property({ type: 'integer' })
  openFlags: number = 0;
}
