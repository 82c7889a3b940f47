import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './policy.js';
import { AccountPluginsResolver, PluginResolver } from './modules/catalog/plugin.resolver.js';
import { AuditEntryResolver } from './modules/audit/audit.resolver.js';
import { PublishingResolver } from './modules/publishing/publishing.resolver.js';
import { SubmissionResolver } from './modules/publishing/submission.resolver.js';
import { UserResolver } from './modules/accounts/user.resolver.js';
import { DeviceResolver } from './modules/accounts/device.resolver.js';
import { DependencyResolver, DependentResolver, VersionResolver } from './modules/publishing/version.resolver.js';
import { ReviewResolver } from './modules/community/review.resolver.js';
import { StatsResolver } from './modules/stats/stats.resolver.js';
import { AdvisoryResolver, PluginAdvisoriesResolver, VersionAdvisoriesResolver } from './modules/trust/advisory.resolver.js';
import { ReportResolver } from './modules/trust/report.resolver.js';

export const RESOLVERS = [PluginResolver, AccountPluginsResolver, StatsResolver, ReviewResolver, UserResolver, DeviceResolver, SubmissionResolver, PublishingResolver, AuditEntryResolver, VersionResolver, DependencyResolver, DependentResolver, AdvisoryResolver, PluginAdvisoriesResolver, VersionAdvisoriesResolver, ReportResolver] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema; built once per process (type-graphql metadata is global anyway). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: [...RESOLVERS], validate: false, authChecker });
  return built;
}

/** The SDL committed as `schema.graphql`: sorted, so the file changes only when the API does. */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
