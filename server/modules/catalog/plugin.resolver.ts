import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { can, stakeOf } from '../../policy.js';
import { MAX_PAGE_SIZE, PageArgsInput, pageWindow, toConnection } from '../../pagination.js';
import { BadInputError } from '../../errors.js';
import { Review } from '../community/review.entity.js';
import { ReviewConnection } from '../community/review.types.js';
import { User } from '../accounts/user.entity.js';
import { Account } from '../accounts/user.types.js';
import { notInstallableReason } from '../publishing/current.js';
import { PluginVersion } from '../publishing/version.entity.js';
import { DependentConnection, PluginVersionConnection } from '../publishing/version.types.js';
import { decodeDependentCursor, dependentCursor } from './dependents.js';
import { Plugin, ratingAverage, visibleReviewCount } from './plugin.entity.js';
import { PluginsArgs } from './plugin.inputs.js';
import {
  Capabilities,
  Deprecation,
  FacetCount,
  InstallInfo,
  PluginConnection,
  PluginStats,
} from './plugin.types.js';

@Resolver(() => Plugin)
export class PluginResolver {
  @Query(() => PluginConnection, { description: 'Search and list the catalog' })
  async plugins(@Args(() => PluginsArgs) args: PluginsArgs, @Ctx() { services }: Context): Promise<PluginConnection> {
    const { search, tags, verified, category, providerType, capabilities, minQuality, tested, sort, first, after, limit, offset } = args;
    const filter = { search, tags, verified, category, providerType, capabilities, minQuality, tested, sort, first, after, limit, offset };
    const page = await services.plugins.list(services.plugins.query(filter));
    // assigned onto the connection, not spread, which would make every cursor
    return Object.assign(toConnection(page.plugins, page.total, page.window), { didYouMean: page.didYouMean ?? null });
  }

  @Query(() => Plugin, { nullable: true, description: 'One plugin by id; NOT_FOUND when there is none' })
  plugin(@Arg('id', () => ID) id: string, @Ctx() { services }: Context): Promise<Plugin> {
    return services.plugins.get(id);
  }

  @Query(() => [FacetCount], { description: 'Tags with the number of plugins carrying each, most used first' })
  tags(@Arg('first', () => Int, { defaultValue: 50 }) first: number, @Ctx() { services }: Context): Promise<FacetCount[]> {
    return services.plugins.tagFacets(first);
  }

  @Query(() => [FacetCount], { description: 'Provider types with their plugin counts' })
  providerTypes(@Ctx() { services }: Context): Promise<FacetCount[]> {
    return services.plugins.providerTypeFacets();
  }

  @Query(() => [FacetCount], { description: 'Categories with their plugin counts, most used first; each value is a Category name, as `plugins(category:)` takes it' })
  async categories(@Ctx() { services }: Context): Promise<FacetCount[]> {
    return (await services.plugins.categoryFacets()).map((f) => ({ value: f.value.toUpperCase(), count: f.count }));
  }

  @FieldResolver(() => Capabilities)
  capabilities(@Root() plugin: Plugin): Capabilities {
    return Capabilities.from(plugin.capabilities);
  }

  @FieldResolver(() => InstallInfo)
  install(@Root() plugin: Plugin, @Ctx() { services }: Context): InstallInfo {
    return {
      type: plugin.installType,
      manifestUrl: services.links.manifest(plugin.id, plugin.version),
      sha256: plugin.manifestSha256,
      sourceUrl: plugin.manifestUrl,
      dockerImage: plugin.dockerImage ?? null,
    };
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why no version can be installed (every version yanked, or only pre-releases); null when one can' })
  async notInstallableReason(@Root() plugin: Plugin, @Ctx() { loaders }: Context): Promise<string | null> {
    return plugin.installable ? null : notInstallableReason(await loaders.versions.byPlugin.load(plugin.id));
  }

  @FieldResolver(() => Deprecation, { nullable: true })
  deprecated(@Root() plugin: Plugin): Deprecation | null {
    return plugin.deprecatedMessage ? { message: plugin.deprecatedMessage, replacement: plugin.deprecatedReplacement ?? null } : null;
  }

  @FieldResolver(() => User, { nullable: true })
  async owner(@Root() plugin: Plugin, @Ctx() { loaders }: Context): Promise<User | null> {
    return plugin.owner ? loaders.users.byId.load(plugin.owner.id) : null;
  }

  @FieldResolver(() => [User], { description: 'Users besides the owner who may publish versions' })
  maintainers(@Root() plugin: Plugin, @Ctx() { loaders }: Context): Promise<User[]> {
    return loaders.users.maintainers.load(plugin.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller may publish versions of this plugin' })
  async viewerCanPublish(@Root() plugin: Plugin, @Ctx() { loaders, viewer }: Context): Promise<boolean> {
    const user = viewer.user;
    if (!user) return false;
    const stake = await stakeOf(user, plugin, async () => (await loaders.users.maintainers.load(plugin.id)).some((m) => m.id === user.id));
    return can(viewer, 'plugin.publish', { pluginId: plugin.id, stake });
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller starred this plugin' })
  viewerHasStarred(@Root() plugin: Plugin, @Ctx() { loaders, viewer }: Context): Promise<boolean> | boolean {
    return viewer.user ? loaders.users.starred.load({ pluginId: plugin.id, userId: viewer.user.id }) : false;
  }

  @FieldResolver(() => Review, { nullable: true, description: "The caller's own review (even when hidden), to edit it; null when anonymous or not reviewed" })
  viewerReview(@Root() plugin: Plugin, @Ctx() { loaders, viewer }: Context): Promise<Review | null> | null {
    return viewer.user ? loaders.reviews.byUser.load({ pluginId: plugin.id, userId: viewer.user.id }) : null;
  }

  @FieldResolver(() => PluginVersion, { nullable: true, description: 'The version `version` names' })
  async latestVersion(@Root() plugin: Plugin, @Ctx() { loaders }: Context): Promise<PluginVersion | null> {
    const versions = await loaders.versions.byPlugin.load(plugin.id);
    return versions.find((v) => v.version === plugin.version) ?? null;
  }

  @FieldResolver(() => PluginVersionConnection, { description: 'Every version, newest semver first' })
  async versions(@Root() plugin: Plugin, @Args(() => PageArgsInput) args: PageArgsInput, @Ctx() { loaders }: Context): Promise<PluginVersionConnection> {
    const window = pageWindow(args);
    const all = await loaders.versions.byPlugin.load(plugin.id);
    return toConnection(all.slice(window.offset, window.offset + window.limit), all.length, window);
  }

  @FieldResolver(() => DependentConnection, { description: "Plugins whose current installable version depends on this one (\"used by\"), by id" })
  async dependents(
    @Root() plugin: Plugin,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge of the previous page' }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<DependentConnection> {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) throw new BadInputError('first', `must be an integer between 0 and ${MAX_PAGE_SIZE}`);
    const page = await loaders.plugins.dependents.load({ pluginId: plugin.id, limit: size, after: after == null ? null : decodeDependentCursor(after, 'after') });
    const edges = page.items.map((node) => ({ cursor: dependentCursor(node.pluginId), node }));
    return {
      edges,
      nodes: page.items,
      totalCount: page.total,
      pageInfo: { hasNextPage: page.next !== null, hasPreviousPage: after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @FieldResolver(() => ReviewConnection, { description: 'Visible reviews, newest first' })
  async reviews(@Root() plugin: Plugin, @Args(() => PageArgsInput) args: PageArgsInput, @Ctx() { loaders }: Context): Promise<ReviewConnection> {
    const window = pageWindow(args);
    const nodes = window.limit === 0 ? [] : await loaders.reviews.page.load({ pluginId: plugin.id, ...window });
    return toConnection(nodes, visibleReviewCount(plugin), window);
  }

  @FieldResolver(() => PluginStats)
  stats(@Root() plugin: Plugin): PluginStats {
    return {
      pluginId: plugin.id,
      downloads: plugin.downloads,
      stars: plugin.stars,
      rating: ratingAverage(plugin),
      ratingCount: plugin.ratingCount,
      ratingScore: Math.round(plugin.ratingScore * 1000) / 1000,
    };
  }
}

@Resolver(() => Account)
export class AccountPluginsResolver {
  @FieldResolver(() => [Plugin], { description: 'The plugins you own or maintain, by name' })
  plugins(@Ctx() { em, viewer, services }: Context): Promise<Plugin[]> {
    // `me` is always the caller
    return viewer.user ? services.plugins.authoredBy(em, viewer.user) : Promise.resolve([]);
  }
}
