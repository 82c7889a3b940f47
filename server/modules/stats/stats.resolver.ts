import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Action } from '../../policy.js';
import { BadInputError } from '../../errors.js';
import { DailyDownloads, PluginStats } from '../catalog/plugin.types.js';
import { ManifestDownload, PluginAnalytics } from './stats.types.js';
import { Count } from './count.js';

export const MAX_SERIES_DAYS = 365;

@Resolver(() => PluginStats)
export class StatsResolver {
  @FieldResolver(() => Count, { description: 'Downloads in the last 30 UTC days, today included, as of the last publication of counts' })
  downloadsLast30d(@Root() stats: PluginStats, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.stats.recentDownloads.load(stats.pluginId);
  }

  @FieldResolver(() => [DailyDownloads], { description: 'Downloads per UTC day, oldest first, zero-filled' })
  daily(
    @Root() stats: PluginStats,
    @Arg('days', () => Int, { defaultValue: 30 }) days: number,
    @Ctx() { loaders }: Context,
  ): Promise<DailyDownloads[]> {
    if (days < 1 || days > MAX_SERIES_DAYS) throw new BadInputError('days', `must be between 1 and ${MAX_SERIES_DAYS}`);
    return loaders.stats.daily(days).load(stats.pluginId);
  }

  @Mutation(() => ManifestDownload, { description: 'Downloads a version\'s manifest to install it; counts one download per client per version per day' })
  downloadManifest(@Arg('pluginId', () => ID) pluginId: string, @Arg('version') version: string, @Ctx() { em, client, services }: Context): Promise<ManifestDownload> {
    return services.stats.download(em, client, pluginId, version);
  }

  @Authorized<Action>('plugin.analytics')
  @Query(() => PluginAnalytics, { description: 'Owners, maintainers and admins: downloads, installs, countries, errors and ratings over a range (default: the last 30 days)' })
  pluginAnalytics(
    @Arg('id', () => ID) id: string,
    @Arg('from', () => String, { nullable: true, description: 'YYYY-MM-DD' }) from: string | null,
    @Arg('to', () => String, { nullable: true, description: 'YYYY-MM-DD' }) to: string | null,
    @Ctx() { em, viewer, services }: Context,
  ): Promise<PluginAnalytics> {
    return services.stats.analytics(em, viewer, id, from, to);
  }
}
