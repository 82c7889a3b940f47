import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { PluginSort } from '../../search/search.js';
import { Plugin } from './plugin.entity.js';
import { Count } from '../stats/count.js';
import { CapabilityFlag, type CapabilityMap } from '../../../domain/capabilities.js';

registerEnumType(PluginSort, {
  name: 'PluginSort',
  description: 'RELEVANCE needs `search`; without it, it sorts by downloads',
  valuesConfig: { QUALITY: { description: "The current version's quality score, highest first (tested first among equals, then downloads); plugins with no score last" } },
});
registerEnumType(CapabilityFlag, { name: 'Capability' });

@ObjectType()
export class CustomCapability {
  @Field() name!: string;
  @Field() enabled!: boolean;
}

@ObjectType({ description: "The manifest's capability flags" })
export class Capabilities {
  @Field() streaming!: boolean;
  @Field() functionCalling!: boolean;
  @Field() vision!: boolean;
  @Field() embeddings!: boolean;
  @Field() fineTuning!: boolean;
  @Field(() => [CustomCapability]) custom!: CustomCapability[];

  static from(map: CapabilityMap): Capabilities {
    return {
      streaming: map.streaming,
      functionCalling: map.function_calling,
      vision: map.vision,
      embeddings: map.embeddings,
      fineTuning: map.fine_tuning,
      custom: Object.entries(map.custom_capabilities ?? {}).map(([name, enabled]) => ({ name, enabled })),
    };
  }
}

@ObjectType({ description: 'How Loom installs the plugin: the current version’s details' })
export class InstallInfo {
  @Field({ description: 'http, grpc or builtin' }) type!: string;
  @Field({ description: 'The registry’s immutable snapshot of the current version’s manifest (an absolute URL), which Loom installs' }) manifestUrl!: string;
  @Field({ description: 'sha256 (hex) of the bytes manifestUrl answers' }) sha256!: string;
  @Field({ description: 'The URL the publisher submitted, which the snapshot was fetched from (it may have changed since)' }) sourceUrl!: string;
  @Field(() => String, { nullable: true }) dockerImage!: string | null;
}

@ObjectType()
export class Deprecation {
  @Field() message!: string;
  @Field(() => String, { nullable: true, description: 'Id of the plugin to use instead' }) replacement!: string | null;
}

@ObjectType()
export class DailyDownloads {
  @Field({ description: 'UTC day, YYYY-MM-DD' }) day!: string;
  @Field(() => Count) count!: number;
}

@ObjectType({ description: 'Public statistics of a plugin' })
export class PluginStats {
  pluginId!: string;
  @Field(() => Count, { description: 'All-time downloads, as of the last publication of counts (at most COUNTS_REFRESH_SECONDS old)' }) downloads!: number;
  @Field(() => Count) stars!: number;
  @Field(() => Float, { description: 'Average rating, 0 when unrated' }) rating!: number;
  @Field(() => Count) ratingCount!: number;
  @Field(() => Float, { description: 'Bayesian-smoothed rating used for ranking' }) ratingScore!: number;
}

@ObjectType()
export class FacetCount {
  @Field() value!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class PluginConnection extends Connection(Plugin, 'Plugin') {
  @Field(() => String, {
    nullable: true,
    description: 'The search with its misspelt words corrected, when some word matched nothing as typed (the results are then those of the correction); null otherwise',
  })
  didYouMean!: string | null;
}

