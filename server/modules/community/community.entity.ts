import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Plugin } from '../catalog/plugin.entity.js';
import { User } from '../accounts/user.entity.js';
import { Review } from './review.entity.js';

/** A user's star on a plugin. */
@Entity()
export class Star {
  [OptionalProps]?: 'createdAt';

  @ManyToOne(() => Plugin, { primary: true, deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}

/** A user's report that a review breaks the guidelines; open until a moderator resolves the review. */
@Entity()
export class ReviewFlag {
  [OptionalProps]?: 'createdAt' | 'resolved';

  @ManyToOne(() => Review, { primary: true, deleteRule: 'cascade' })
  review!: Rel<Review>;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Property({ type: 'boolean' })
  resolved: boolean = false;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
