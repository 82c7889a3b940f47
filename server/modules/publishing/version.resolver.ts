import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Plugin } from '../catalog/plugin.entity.js';
import { PluginVersion } from './version.entity.js';
import { Dependency, Dependent } from './version.types.js';

/** What a mutation has to tell about the version it answers with (yankVersion: dependents left short). */
const mutationWarnings = new WeakMap<PluginVersion, string[]>();

export function withWarnings(version: PluginVersion, warnings: string[]): PluginVersion {
  mutationWarnings.set(version, warnings);
  return version;
}

/** By plugin id (PostgreSQL's jsonb keeps keys in an order of its own). */
const asList = (map: Record<string, string> | undefined): Dependency[] =>
  Object.entries(map ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([pluginId, range]) => ({ pluginId, range }));

@Resolver(() => PluginVersion)
export class VersionResolver {
  @FieldResolver(() => String, { description: 'The manifest (plugin.yaml) snapshot as published' })
  async manifest(@Root() version: PluginVersion, @Ctx() { loaders }: Context): Promise<string> {
    return (await loaders.versions.manifest.load(version.id))!;
  }

  @FieldResolver(() => [Dependency], { description: 'The plugins this version needs installed, each with a semver range, by id; as published (immutable)' })
  dependencies(@Root() version: PluginVersion): Dependency[] {
    return asList(version.dependencies);
  }

  @FieldResolver(() => [Dependency], { description: 'Plugins, by range of versions, that cannot be installed beside this version' })
  conflicts(@Root() version: PluginVersion): Dependency[] {
    return asList(version.conflicts);
  }

  @FieldResolver(() => [String], { description: 'Names this version stands in for (such as `embeddings`)' })
  provides(@Root() version: PluginVersion): string[] {
    return version.provides ?? [];
  }

  @FieldResolver(() => [String], { description: "For the publisher, from the mutation that answered with this version (yankVersion: dependents whose range it satisfied); empty elsewhere" })
  warnings(@Root() version: PluginVersion): string[] {
    return mutationWarnings.get(version) ?? [];
  }
}

@Resolver(() => Dependency)
export class DependencyResolver {
  @FieldResolver(() => Plugin, { nullable: true, description: 'The plugin named; null when the registry has none of that id' })
  plugin(@Root() dependency: Dependency, @Ctx() { loaders }: Context): Promise<Plugin | null> {
    return loaders.plugins.byId.load(dependency.pluginId);
  }
}

@Resolver(() => Dependent)
export class DependentResolver {
  @FieldResolver(() => Plugin, { nullable: true })
  plugin(@Root() dependent: Dependent, @Ctx() { loaders }: Context): Promise<Plugin | null> {
    return loaders.plugins.byId.load(dependent.pluginId);
  }
}
