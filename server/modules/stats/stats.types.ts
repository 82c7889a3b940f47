import { Field, Float, ObjectType } from 'type-graphql';
import { DailyDownloads } from '../catalog/plugin.types.js';
import { Count } from './count.js';

@ObjectType()
export class ManifestDownload {
  @Field() pluginId!: string;
  @Field() version!: string;
  @Field({ description: 'sha256 of the manifest, hex: verify before installing' }) sha256!: string;
  @Field({ description: 'The plugin.yaml text' }) manifest!: string;
}

@ObjectType()
export class MonthlyDownloads {
  @Field({ description: 'YYYY-MM' }) month!: string;
  @Field(() => Count) count!: number;
}

@ObjectType()
export class KeyCount {
  @Field() key!: string;
  @Field(() => Count) count!: number;
}

@ObjectType()
export class ErrorRate {
  @Field(() => Count) requests!: number;
  @Field(() => Count) errors!: number;
  @Field(() => Float, { description: 'errors / requests, 0 without requests' }) rate!: number;
}

@ObjectType()
export class RatingPoint {
  @Field({ description: 'YYYY-MM' }) month!: string;
  @Field(() => Float) average!: number;
  @Field(() => Count) count!: number;
}

@ObjectType({ description: "A plugin's analytics for its owner, maintainers and admins" })
export class PluginAnalytics {
  @Field() pluginId!: string;
  @Field({ description: 'First UTC day, YYYY-MM-DD' }) from!: string;
  @Field({ description: 'Last UTC day, YYYY-MM-DD' }) to!: string;
  @Field(() => Count, { description: 'Downloads in the range' }) downloads!: number;
  @Field(() => Count, { description: 'All-time downloads' }) totalDownloads!: number;
  @Field(() => [DailyDownloads]) daily!: DailyDownloads[];
  @Field(() => [MonthlyDownloads]) monthly!: MonthlyDownloads[];
  @Field(() => [KeyCount], { description: 'Downloads in the range per version' }) versions!: KeyCount[];
  @Field(() => Count, { description: 'Installations reported and not uninstalled' }) activeInstalls!: number;
  @Field(() => [KeyCount], { description: 'Active installations per version' }) installsByVersion!: KeyCount[];
  @Field(() => [KeyCount], { description: 'Downloads in the range per country' }) countries!: KeyCount[];
  @Field(() => ErrorRate, { description: 'From opt-in telemetry in the range' }) errorRate!: ErrorRate;
  @Field(() => [RatingPoint], { description: 'Average of the reviews written each month' }) ratingTrend!: RatingPoint[];
}
