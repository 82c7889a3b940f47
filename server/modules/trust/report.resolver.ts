import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { answerPrivately } from '../../graphql.js';
import { AdvisorySeverity } from './advisory.entity.js';
import { PluginReport, ReportKind } from './report.entity.js';

@InputType()
export class ReportPluginInput {
  @Field(() => ID)
  pluginId!: string;

  @Field(() => ReportKind)
  kind!: ReportKind;

  @Field({ description: 'What is wrong, in which versions, how to see it' })
  details!: string;

  @Field(() => String, { nullable: true, description: 'An email address; required when not signed in' })
  contact?: string | null;
}

@InputType()
export class ReportAdvisoryInput {
  @Field({ description: 'The affected versions: a semver range' })
  affected!: string;

  @Field(() => String, { nullable: true })
  patched?: string | null;

  @Field(() => AdvisorySeverity)
  severity!: AdvisorySeverity;

  @Field(() => String, { nullable: true, description: 'Default: the first line of the report' })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'Default: the report’s details' })
  details?: string | null;

  @Field(() => [String], { nullable: true })
  references?: string[] | null;
}

@ObjectType()
export class FiledReport {
  @Field(() => PluginReport)
  report!: PluginReport;

  @Field(() => String, { nullable: true, description: 'Anonymous reporters only, shown once: follow the report with `report(id, token)`' })
  statusToken!: string | null;
}

const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** Private reports about plugins: the same service as /api/v1/plugins/:id/reports and /api/v1/reports; every answer private. */
@Resolver(() => PluginReport)
export class ReportResolver {
  @Mutation(() => FiledReport, { description: 'Reports a problem privately: signed in, or anonymous with a contact address' })
  async reportPlugin(@Arg('input', () => ReportPluginInput) input: ReportPluginInput, @Ctx() ctx: Context): Promise<FiledReport> {
    answerPrivately(ctx);
    const { pluginId, ...body } = input;
    const { report, token } = await ctx.services.reports.file(ctx.em, ctx.viewer, pluginId, defined(body));
    return { report, statusToken: token };
  }

  @Query(() => PluginReport, { description: 'One report: for its reporter (signed in, or with its status token) and its handlers' })
  report(@Arg('id', () => ID) id: string, @Arg('token', () => String, { nullable: true }) token: string | null, @Ctx() ctx: Context): Promise<PluginReport> {
    answerPrivately(ctx);
    return ctx.services.reports.get(ctx.em, ctx.viewer, id, token);
  }

  @Query(() => [PluginReport], { description: 'The reports you filed signed in, newest first' })
  myReports(@Ctx() ctx: Context): Promise<PluginReport[]> {
    answerPrivately(ctx);
    return ctx.services.reports.mine(ctx.em, ctx.viewer);
  }

  @Query(() => [PluginReport], { description: 'The reports you handle, newest first: of one plugin, or all (admins: every kind; owners and maintainers: security and license)' })
  pluginReports(@Arg('pluginId', () => ID, { nullable: true }) pluginId: string | null, @Ctx() ctx: Context): Promise<PluginReport[]> {
    answerPrivately(ctx);
    return ctx.services.reports.handled(ctx.em, ctx.viewer, pluginId ?? undefined);
  }

  @Mutation(() => PluginReport, { description: 'Closes an open report with a note for the reporter' })
  closeReport(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: Context): Promise<PluginReport> {
    answerPrivately(ctx);
    return ctx.services.reports.close(ctx.em, ctx.viewer, id, note);
  }

  @Mutation(() => PluginReport, { description: 'Publishes an advisory from an open security or malware report, prefilled from it' })
  reportToAdvisory(@Arg('id', () => ID) id: string, @Arg('input', () => ReportAdvisoryInput) input: ReportAdvisoryInput, @Ctx() ctx: Context): Promise<PluginReport> {
    answerPrivately(ctx);
    return ctx.services.reports.toAdvisory(ctx.em, ctx.viewer, id, defined(input) as ReportAdvisoryInput);
  }
}
