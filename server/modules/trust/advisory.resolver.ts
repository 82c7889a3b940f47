import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { affects } from '../../../domain/advisories.js';
import { Plugin } from '../catalog/plugin.entity.js';
import { PluginVersion } from '../publishing/version.entity.js';
import { Advisory, AdvisoryKind, AdvisorySeverity } from './advisory.entity.js';

@InputType()
export class PublishAdvisoryInput {
  @Field()
  pluginId!: string;

  @Field({ description: 'The affected versions: a semver range, e.g. "<1.4.2"' })
  affected!: string;

  @Field(() => String, { nullable: true, description: 'The versions that fix it: a semver range' })
  patched?: string | null;

  @Field(() => AdvisorySeverity)
  severity!: AdvisorySeverity;

  @Field(() => AdvisoryKind)
  kind!: AdvisoryKind;

  @Field()
  summary!: string;

  @Field()
  details!: string;

  @Field(() => [String], { defaultValue: [] })
  references!: string[];
}

/** Security advisories: the same service as /api/v1/advisories. */
@Resolver(() => Advisory)
export class AdvisoryResolver {
  @Query(() => [Advisory], { description: 'Security advisories, newest first: every one, or one plugin’s' })
  advisories(@Arg('pluginId', () => String, { nullable: true }) pluginId: string | null, @Ctx() { em, services }: Context): Promise<Advisory[]> {
    return services.advisories.list(em, pluginId ?? undefined);
  }

  @Mutation(() => Advisory, { description: 'Admins, and owners about their own plugins: publishes an advisory (id LOOM-YYYY-NNNN), signed into advisories.json' })
  publishAdvisory(@Arg('input', () => PublishAdvisoryInput) input: PublishAdvisoryInput, @Ctx() { em, viewer, services }: Context): Promise<Advisory> {
    const { pluginId, ...rest } = input;
    return services.advisories.publish(em, viewer, { plugin_id: pluginId, ...rest });
  }
}

@Resolver(() => Plugin)
export class PluginAdvisoriesResolver {
  @FieldResolver(() => [Advisory], { description: 'Security advisories about any of its versions, newest first' })
  advisories(@Root() plugin: Plugin, @Ctx() { loaders }: Context): Promise<Advisory[]> {
    return loaders.advisories.byPlugin.load(plugin.id);
  }
}

@Resolver(() => PluginVersion)
export class VersionAdvisoriesResolver {
  @FieldResolver(() => [Advisory], { description: 'The advisories that affect this version' })
  async advisories(@Root() version: PluginVersion, @Ctx() { loaders }: Context): Promise<Advisory[]> {
    return (await loaders.advisories.byPlugin.load(version.plugin.id)).filter((a) => affects(a, version.version));
  }
}
