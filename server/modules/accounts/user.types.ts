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
}

@ObjectType()
export class CreatedApiKey {
  @Field({ description: 'The secret, shown only this once: store it now' }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}
