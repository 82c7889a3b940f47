import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { Review } from './review.entity.js';

@ObjectType()
export class ReviewConnection extends Connection(Review, 'Review') {}

@ObjectType({ description: "A user's open report of a review (moderators only)" })
export class ReviewReport {
  @Field() reason!: string;
  @Field({ description: 'The username of who reported it' }) reporter!: string;
  @Field() createdAt!: Date;
}
