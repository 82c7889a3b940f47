import { ArgsType, Field, Int } from 'type-graphql';
import { PluginSort } from '../../search/search.js';
import { CapabilityFlag } from '../../../domain/capabilities.js';
import { Category } from '../../../domain/plugin.js';
import { PageArgsInput } from '../../pagination.js';

@ArgsType()
export class PluginsArgs extends PageArgsInput {
  @Field(() => String, { nullable: true, description: 'Free text: id, name, tags, description, author; prefixes match' })
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'Plugins carrying every one of these tags' })
  tags?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  verified?: boolean | null;

  @Field(() => Category, { nullable: true })
  category?: Category | null;

  @Field(() => String, { nullable: true })
  providerType?: string | null;

  @Field(() => [CapabilityFlag], { nullable: true, description: 'Plugins having every one of these capabilities' })
  capabilities?: CapabilityFlag[] | null;

  @Field(() => Int, { nullable: true, description: "Plugins whose current version's quality score is at least this (0–100); plugins with no score are left out" })
  minQuality?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Plugins whose current version passed (true) or did not pass (false) the conformance tests' })
  tested?: boolean | null;

  @Field(() => PluginSort, { nullable: true, description: 'Default: RELEVANCE with search, DOWNLOADS without' })
  sort?: PluginSort | null;
}
