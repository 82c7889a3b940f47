import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { permits, POLICY, type Action } from '../../policy.js';
import { ApiKey } from './user.entity.js';
import { Account, CreatedApiKey } from './user.types.js';

@Resolver()
export class UserResolver {
  @Query(() => Account, { nullable: true, description: 'The caller, or null when anonymous' })
  async me(@Ctx() { em, viewer, services }: Context): Promise<Account | null> {
    if (!viewer.user) return null;
    const u = viewer.user;
    return { username: u.username, displayName: u.displayName, email: u.email, role: u.role, scopes: viewer.key?.scopes ?? [], apiKeys: await services.users.listKeys(em, u), may: (Object.keys(POLICY) as Action[]).filter((a) => permits(viewer, a)) };
  }

  @Authorized<Action>('apiKey.create')
  @Mutation(() => CreatedApiKey, { description: 'A new API key for yourself, with at most the scopes and the expiry of the key making the call (and those by default), revoked with it' })
  async createApiKey(
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Arg('scopes', () => [String], { nullable: true }) scopes: string[] | null,
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt: Date | null,
    @Ctx() { em, viewer, services }: Context,
  ): Promise<CreatedApiKey> {
    return services.users.createApiKey(em, viewer, { name: name ?? undefined, scopes: scopes ?? undefined, expiresAt });
  }

  @Mutation(() => CreatedApiKey, { description: 'Creates a `user` account with a web password and signs it in: the key is a browser session (30 days)' })
  signUp(
    @Arg('username') username: string,
    @Arg('displayName') displayName: string,
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() { em, viewer, services }: Context,
  ): Promise<CreatedApiKey> {
    return services.users.signUp(em, viewer, { username, displayName, email, password });
  }

  @Mutation(() => CreatedApiKey, { description: 'Signs in with a username or email and the web password: the key is a new browser session (30 days)' })
  signIn(@Arg('login') login: string, @Arg('password') password: string, @Ctx() { em, viewer, services }: Context): Promise<CreatedApiKey> {
    return services.users.signIn(em, viewer, { login, password });
  }

  @Authorized<Action>('session.end')
  @Mutation(() => Boolean, { description: 'Ends the browser session making the call (revokes its key)' })
  async signOut(@Ctx() { em, viewer, services }: Context): Promise<boolean> {
    await services.users.signOut(em, viewer);
    return true;
  }

  @Authorized<Action>('apiKey.revoke')
  @Mutation(() => ApiKey, { description: 'Revokes one of your API keys (admins, with a key holding the admin scope: anyone\'s)' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<ApiKey> {
    return services.users.revokeApiKey(em, viewer, id);
  }
}
