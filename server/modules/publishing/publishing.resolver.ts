import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Action } from '../../policy.js';
import { Plugin } from '../catalog/plugin.entity.js';
import { Category } from '../../../domain/plugin.js';
import { PluginVersion } from './version.entity.js';
import { withWarnings } from './version.resolver.js';

/** What owners, maintainers and admins do to published plugins; thin calls into PublishingService. */
@Resolver()
export class PublishingResolver {
  @Authorized<Action>('plugin.maintain')
  @Mutation(() => PluginVersion, { description: 'Owners and maintainers: hide a version from installs, saying why; its `warnings` name the plugins whose dependency range it satisfied' })
  async yankVersion(@Arg('pluginId', () => ID) pluginId: string, @Arg('version') version: string, @Arg('reason') reason: string, @Ctx() { em, viewer, services }: Context) {
    const { version: yanked, warnings } = await services.publishing.yank(em, viewer, pluginId, version, reason);
    return withWarnings(yanked, warnings);
  }

  @Authorized<Action>('plugin.maintain')
  @Mutation(() => PluginVersion)
  unyankVersion(@Arg('pluginId', () => ID) pluginId: string, @Arg('version') version: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.unyank(em, viewer, pluginId, version);
  }

  @Authorized<Action>('plugin.maintain')
  @Mutation(() => Plugin, { description: 'Owners and maintainers: mark the plugin deprecated, optionally naming a replacement' })
  deprecatePlugin(
    @Arg('id', () => ID) id: string,
    @Arg('message') message: string,
    @Arg('replacement', () => String, { nullable: true }) replacement: string | null,
    @Ctx() { em, viewer, services }: Context,
  ) {
    return services.publishing.deprecate(em, viewer, id, message, replacement);
  }

  @Authorized<Action>('plugin.maintain')
  @Mutation(() => Plugin)
  undeprecatePlugin(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.deprecate(em, viewer, id, null);
  }

  @Authorized<Action>('plugin.own')
  @Mutation(() => Plugin, { description: 'Owners: let another user publish versions' })
  addMaintainer(@Arg('pluginId', () => ID) pluginId: string, @Arg('username') username: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.setMaintainer(em, viewer, pluginId, username, true);
  }

  @Authorized<Action>('plugin.own')
  @Mutation(() => Plugin)
  removeMaintainer(@Arg('pluginId', () => ID) pluginId: string, @Arg('username') username: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.setMaintainer(em, viewer, pluginId, username, false);
  }

  @Authorized<Action>('plugin.own')
  @Mutation(() => Plugin, { description: 'Owners: give the plugin to another user' })
  transferOwnership(@Arg('pluginId', () => ID) pluginId: string, @Arg('username') username: string, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.transfer(em, viewer, pluginId, username);
  }

  @Authorized<Action>('plugin.curate')
  @Mutation(() => Plugin, { description: 'Admins: set or clear the verified badge' })
  setVerified(@Arg('pluginId', () => ID) pluginId: string, @Arg('verified') verified: boolean, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.curate(em, viewer, pluginId, { verified });
  }

  @Authorized<Action>('plugin.curate')
  @Mutation(() => Plugin, { description: 'Admins: set the category' })
  setCategory(@Arg('pluginId', () => ID) pluginId: string, @Arg('category', () => Category) category: Category, @Ctx() { em, viewer, services }: Context) {
    return services.publishing.curate(em, viewer, pluginId, { category });
  }
}
