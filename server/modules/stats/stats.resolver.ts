import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { BadInputError } from '../../errors.js';
import { DailyDownloads, PluginStats } from '../plugin/plugin.types.js';

export const MAX_SERIES_DAYS = 365;

@Resolver(() => PluginStats)
export class StatsResolver {
  @FieldResolver(() => Int, { description: 'Downloads in the last 30 UTC days, today included' })
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
}
