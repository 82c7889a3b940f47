import { ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { Review } from './review.entity.js';

@ObjectType()
export class ReviewConnection extends Connection(Review, 'Review') {}
