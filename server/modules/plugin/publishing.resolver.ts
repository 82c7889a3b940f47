import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, ObjectType } from 'type-graphql';
import type { Context } from '../../context.js';
import { Connection, pageWindow, toConnection } from '../../pagination.js';
import { AuditEntry } from '../audit/audit.entity.js';
import { requireRole, Scope } from '../user/auth.js';
import { Role, User } from '../user/user.entity.js';
import { PluginVersion } from '../version/version.entity.js';
import { Category, Plugin } from './plugin.entity.js';
import { PageArgsInput } from './plugin.inputs.js';

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}

/** What owners, maintainers and admins do to published plugins; thin calls into PublishingService. */
@Resolver()
export class PublishingResolver {
  @Mutation(() => PluginVersion, { description: 'Owners and maintainers: hide a version from installs, saying why' })
  yankVersion(@Arg('pluginId', () => ID) pluginId: string, @Arg('version') version: string, @Arg('reason') reason: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.yank(em, viewer, pluginId, version, reason);
  }

  @Mutation(() => PluginVersion)
  unyankVersion(@Arg('pluginId', () => ID) pluginId: string, @Arg('version') version: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.unyank(em, viewer, pluginId, version);
  }

  @Mutation(() => Plugin, { description: 'Owners and maintainers: mark the plugin deprecated, optionally naming a replacement' })
  deprecatePlugin(
    @Arg('id', () => ID) id: string,
    @Arg('message') message: string,
    @Arg('replacement', () => String, { nullable: true }) replacement: string | null,
    @Ctx() { em, viewer, services }: Context,
  ) {
    return services.publishing.deprecate(em, viewer, id, message, replacement);
  }

  @Mutation(() => Plugin)
  undeprecatePlugin(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.deprecate(em, viewer, id, null);
  }

  @Mutation(() => Plugin, { description: 'Owners: let another user publish versions' })
  addMaintainer(@Arg('pluginId', () => ID) pluginId: string, @Arg('username') username: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.setMaintainer(em, viewer, pluginId, username, true);
  }

  @Mutation(() => Plugin)
  removeMaintainer(@Arg('pluginId', () => ID) pluginId: string, @Arg('username') username: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.setMaintainer(em, viewer, pluginId, username, false);
  }

  @Mutation(() => Plugin, { description: 'Owners: give the plugin to another user' })
  transferOwnership(@Arg('pluginId', () => ID) pluginId: string, @Arg('username') username: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.transfer(em, viewer, pluginId, username);
  }

  @Mutation(() => Plugin, { description: 'Admins: set or clear the verified badge' })
  setVerified(@Arg('pluginId', () => ID) pluginId: string, @Arg('verified') verified: boolean, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.curate(em, viewer, pluginId, { verified });
  }

  @Mutation(() => Plugin, { description: 'Admins: set the category' })
  setCategory(@Arg('pluginId', () => ID) pluginId: string, @Arg('category', () => Category) category: Category, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.curate(em, viewer, pluginId, { category });
  }

  @Query(() => AuditEntryConnection, { description: 'Admins: every write, newest first' })
  async auditLog(
    @Arg('target', () => String, { nullable: true, description: 'e.g. plugin:openai-plugin' }) target: string | null,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Ctx() { em, viewer, services }: Context,
  ): Promise<AuditEntryConnection> {
    requireRole(viewer, Role.ADMIN, Scope.ADMIN);
    const window = pageWindow(page);
    const [rows, total] = await services.audit.list(em, { target, ...window });
    return toConnection(rows, total, window);
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null for the system (automated checks) or the server operator (admin CLI; details.by says so)' })
  actor(@Root() entry: AuditEntry, @Ctx() { loaders }: Context): Promise<User | null> | null {
    return entry.actor ? loaders.users.byId.load(entry.actor.id) : null;
  }
}
