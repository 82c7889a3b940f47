import { Field, ObjectType } from 'type-graphql';
import { ApiKey, Role } from './user.entity.js';

@ObjectType({ description: 'The signed-in account' })
export class Account {
  @Field() username!: string;
  @Field() displayName!: string;
  @Field() email!: string;
  @Field(() => Role) role!: Role;
  @Field(() => [String], { description: 'Scopes of the API key used for this request' }) scopes!: string[];
  @Field(() => [ApiKey]) apiKeys!: ApiKey[];
  @Field(() => [String], { description: "The policy's actions this role and key may take at all, e.g. submission.review, moderation.read, plugin.curate, audit.read (each may still be refused for the thing acted on)" })
  may!: string[];
}

@ObjectType()
export class CreatedApiKey {
  @Field({ description: 'The secret, shown only this once: store it now' }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}
