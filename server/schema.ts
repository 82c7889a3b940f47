import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
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

/** What `guardedPlainFields` reads of type-graphql's metadata. */
interface FieldMetadata {
  fields: { target: Function; name: string }[];
  authorizedFields: { target: Function; fieldName: string }[];
  middlewares: { target: Function; fieldName: string }[];
  authorizedResolver: { target: Function }[];
  resolverMiddlewares: { target: Function }[];
}

/**
 * Plain fields (`@Field` on a property, no resolver method) of an object type given `@Authorized` or `@UseMiddleware`,
 * on the field or on its class, as `Type.field`.
 */
export function guardedPlainFields(metadata: FieldMetadata): string[] {
  const guarded = new Set([...metadata.authorizedFields, ...metadata.middlewares].map((m) => `${m.target.name}.${m.fieldName}`));
  const guardedClasses = new Set([...metadata.authorizedResolver, ...metadata.resolverMiddlewares].map((m) => m.target));
  return metadata.fields.filter((f) => guardedClasses.has(f.target) || guarded.has(`${f.target.name}.${f.name}`)).map((f) => `${f.target.name}.${f.name}`);
}

/**
 * Plain fields resolve as graphql-js's default resolver does, a property read, without type-graphql's wrapper around
 * each (`simpleResolvers`): a page of 20 plugins resolves some 200 of them. Authorization lives on queries, mutations
 * and field resolvers (policy.ts); a plain field guarded by a decorator would lose its guard this way, so the schema
 * refuses to build with one.
 */
function resolvePlainFieldsDirectly(): void {
  const metadata = getMetadataStorage();
  const guarded = guardedPlainFields(metadata);
  if (guarded.length > 0) throw new Error(`plain fields cannot carry @Authorized or @UseMiddleware (give them a field resolver): ${guarded.join(', ')}`);
  for (const type of metadata.objectTypes) type.simpleResolvers ??= true;
}

/** The executable schema; built once per process (type-graphql metadata is global anyway). */
export function getSchema(): Promise<GraphQLSchema> {
  if (!built) {
    resolvePlainFieldsDirectly();
    built = buildSchema({ resolvers: [...RESOLVERS], validate: false, authChecker });
  }
  return built;
}

/** The SDL committed as `schema.graphql`: sorted, so the file changes only when the API does. */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
