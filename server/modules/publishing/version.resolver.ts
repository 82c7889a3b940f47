import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { PluginVersion } from './version.entity.js';

@Resolver(() => PluginVersion)
export class VersionResolver {
  @FieldResolver(() => String, { description: 'The manifest (plugin.yaml) snapshot as published' })
  async manifest(@Root() version: PluginVersion, @Ctx() { loaders }: Context): Promise<string> {
    return (await loaders.versions.manifest.load(version.id))!;
  }
}
