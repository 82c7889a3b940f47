import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { User } from '../user/user.entity.js';
import { Review } from './review.entity.js';

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => User, { nullable: true })
  author(@Root() review: Review, @Ctx() { loaders }: Context): Promise<User | null> {
    return loaders.users.byId.load(review.user.id);
  }
}
