/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AdvisoryKind =
  | 'DEPRECATED_DEPENDENCY'
  | 'MALWARE'
  | 'VULNERABILITY';

export type AdvisorySeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'LOW'
  | 'MODERATE';

export type Capability =
  | 'EMBEDDINGS'
  | 'FINE_TUNING'
  | 'FUNCTION_CALLING'
  | 'STREAMING'
  | 'VISION';

/** How a plugin is maintained and vetted */
export type Category =
  | 'COMMUNITY'
  | 'ENTERPRISE'
  | 'EXPERIMENTAL'
  | 'OFFICIAL'
  | 'VERIFIED';

/** RELEVANCE needs `search`; without it, it sorts by downloads */
export type PluginSort =
  | 'DOWNLOADS'
  | 'NAME'
  /** The current version's quality score, highest first (tested first among equals, then downloads); plugins with no score last */
  | 'QUALITY'
  | 'RATING'
  | 'RELEVANCE'
  | 'UPDATED';

export type PublishAdvisoryInput = {
  /** The affected versions: a semver range, e.g. "<1.4.2" */
  affected: string;
  details: string;
  kind: AdvisoryKind;
  /** The versions that fix it: a semver range */
  patched?: string | null | undefined;
  pluginId: string;
  references?: Array<string>;
  severity: AdvisorySeverity;
  summary: string;
};

export type ReportAdvisoryInput = {
  /** The affected versions: a semver range */
  affected: string;
  /** Default: the report’s details */
  details?: string | null | undefined;
  patched?: string | null | undefined;
  references?: Array<string> | null | undefined;
  severity: AdvisorySeverity;
  /** Default: the first line of the report */
  summary?: string | null | undefined;
};

/** open; closed with a note; or published as an advisory */
export type ReportStatus =
  | 'ADVISORY'
  | 'CLOSED'
  | 'OPEN';

export type SubmissionStatus =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'IN_REVIEW'
  | 'PENDING_REVIEW'
  | 'REJECTED'
  | 'WITHDRAWN';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string } | null };

export type MyKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type MyKeysQuery = { me: { scopes: Array<string>, apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<string>, lastUsedAt: string | null, revokedAt: string | null }> } | null };

export type CreateApiKeyMutationVariables = Exact<{
  name?: string | null | undefined;
  scopes?: Array<string> | string | null | undefined;
  expiresAt?: string | null | undefined;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, prefix: string, scopes: Array<string>, expiresAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type MyScopesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyScopesQuery = { me: { username: string, scopes: Array<string> } | null };

export type DeviceAuthorizationQueryVariables = Exact<{
  userCode: string;
}>;


export type DeviceAuthorizationQuery = { deviceAuthorization: { userCode: string } };

export type ApproveDeviceMutationVariables = Exact<{
  userCode: string;
}>;


export type ApproveDeviceMutation = { decideDeviceAuthorization: { userCode: string } };

export type ViewerCanPublishQueryVariables = Exact<{
  id: string | number;
}>;


export type ViewerCanPublishQuery = { plugin: { viewerCanPublish: boolean } | null };

export type PluginVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginVersionQuery = { plugin: { version: string } | null };

export type PluginVersionsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;


export type PluginVersionsQuery = { plugin: { versions: { totalCount: number, nodes: Array<{ version: string }> } } | null };

export type PluginOwnerQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginOwnerQuery = { plugin: { owner: { username: string } | null } | null };

export type PluginCurrentVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginCurrentVersionQuery = { plugin: { version: string, versions: { nodes: Array<{ version: string }> } } | null };

export type PluginInstallQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginInstallQuery = { plugin: { version: string, description: string, tags: Array<string>, installable: boolean, notInstallableReason: string | null, capabilities: { vision: boolean }, install: { manifestUrl: string, sha256: string, sourceUrl: string, dockerImage: string | null } } | null };

export type PluginInstallableQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginInstallableQuery = { plugin: { installable: boolean, notInstallableReason: string | null } | null };

export type PluginCountQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type PluginCountQuery = { plugins: { totalCount: number, pageInfo: { endCursor: string | null } } };

export type PluginSummaryQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginSummaryQuery = { plugin: { id: string, description: string, versions: { totalCount: number }, reviews: { totalCount: number } } | null };

export type PluginVersionHashesQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginVersionHashesQuery = { plugin: { versions: { nodes: Array<{ version: string, sha256: string }> } } | null };

export type PluginDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginDetailQuery = { plugin: { versions: { nodes: Array<{ version: string, publishedAt: string, changes: string, prerelease: boolean, yankedReason: string | null, provides: Array<string>, dependencies: Array<{ pluginId: string, range: string }>, conflicts: Array<{ pluginId: string, range: string }> }> }, reviews: { totalCount: number, nodes: Array<{ rating: number, comment: string, createdAt: string, author: { username: string } | null }> }, stats: { downloads: number, downloadsLast30d: number, stars: number, ratingCount: number } } | null };

export type SearchListQueryVariables = Exact<{
  search?: string | null | undefined;
  tags?: Array<string> | string | null | undefined;
  verified?: boolean | null | undefined;
  category?: Category | null | undefined;
  providerType?: string | null | undefined;
  capabilities?: Array<Capability> | Capability | null | undefined;
  sort?: PluginSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;


export type SearchListQuery = { plugins: { totalCount: number, didYouMean: string | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, verified: boolean, tags: Array<string>, updatedAt: string, category: Category, providerType: string, capabilities: { streaming: boolean, vision: boolean, embeddings: boolean }, stats: { downloads: number, ratingScore: number } } }> } };

export type FacetsQueryVariables = Exact<{ [key: string]: never; }>;


export type FacetsQuery = { tags: Array<{ value: string, count: number }>, providerTypes: Array<{ value: string, count: number }> };

export type VersionQualityQueryVariables = Exact<{
  id: string | number;
}>;


export type VersionQualityQuery = { plugin: { versions: { nodes: Array<{ quality: { score: number, assessedAt: string, items: Array<{ id: string, passed: boolean, detail: string }> } | null }> } } | null };

export type QualityListQueryVariables = Exact<{
  minQuality?: number | null | undefined;
  tested?: boolean | null | undefined;
  sort?: PluginSort | null | undefined;
}>;


export type QualityListQuery = { plugins: { nodes: Array<{ id: string, qualityScore: number | null, tested: boolean }> } };

export type PluginNameQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginNameQuery = { plugin: { name: string, stats: { downloads: number } } | null };

export type CatalogPageQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type CatalogPageQuery = { plugins: { totalCount: number, nodes: Array<{ id: string, name: string, owner: { username: string } | null, latestVersion: { version: string, publishedAt: string, sha256: string } | null, versions: { totalCount: number, nodes: Array<{ version: string }> }, reviews: { totalCount: number, nodes: Array<{ rating: number, comment: string, author: { username: string } | null }> }, stats: { downloads: number, downloadsLast30d: number, stars: number, rating: number, ratingCount: number, daily: Array<{ day: string, count: number }> } }> } };

export type CatalogDependentsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type CatalogDependentsQuery = { plugins: { nodes: Array<{ id: string, dependents: { totalCount: number, nodes: Array<{ pluginId: string, range: string }>, pageInfo: { hasNextPage: boolean } } }> } };

export type RatePluginMutationVariables = Exact<{
  id: string | number;
  rating: number;
}>;


export type RatePluginMutation = { ratePlugin: { id: string, rating: number, comment: string } };

export type ReviewPluginMutationVariables = Exact<{
  id: string | number;
  rating: number;
  comment: string;
}>;


export type ReviewPluginMutation = { reviewPlugin: { id: string, rating: number, comment: string } };

export type DeleteReviewMutationVariables = Exact<{
  pluginId: string | number;
}>;


export type DeleteReviewMutation = { deleteReview: boolean };

export type FlagReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type FlagReviewMutation = { flagReview: { id: string, flagCount: number } };

export type FlagReviewContentMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type FlagReviewContentMutation = { flagReview: { comment: string, author: { username: string } | null } };

export type HideReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type HideReviewMutation = { hideReview: { id: string } };

export type HideReviewStateMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type HideReviewStateMutation = { hideReview: { hidden: boolean, flagCount: number } };

export type RestoreReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RestoreReviewMutation = { restoreReview: { id: string } };

export type RestoreReviewStateMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RestoreReviewStateMutation = { restoreReview: { hidden: boolean } };

export type ModerationQueueCountQueryVariables = Exact<{ [key: string]: never; }>;


export type ModerationQueueCountQuery = { moderationQueue: { totalCount: number } };

export type ModerationQueueQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ModerationQueueQuery = { moderationQueue: { nodes: Array<{ id: string, flagCount: number }> } };

export type StarPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type StarPluginMutation = { starPlugin: { id: string, viewerHasStarred: boolean, stats: { stars: number } } };

export type UnstarPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type UnstarPluginMutation = { unstarPlugin: { id: string } };

export type PluginReviewsQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginReviewsQuery = { plugin: { stats: { rating: number, ratingCount: number, stars: number }, reviews: { totalCount: number, nodes: Array<{ id: string, rating: number, comment: string, installed: boolean, author: { username: string } | null }> } } | null };

export type ViewerReviewQueryVariables = Exact<{
  id: string | number;
}>;


export type ViewerReviewQuery = { plugin: { viewerReview: { rating: number, comment: string, hidden: boolean } | null } | null };

export type ViewerReviewsQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerReviewsQuery = { plugins: { nodes: Array<{ id: string, viewerReview: { rating: number, comment: string, hidden: boolean, author: { username: string } | null } | null }> } };

export type RecentReviewsQueryVariables = Exact<{
  id: string | number;
}>;


export type RecentReviewsQuery = { plugin: { reviews: { nodes: Array<{ rating: number, comment: string, author: { username: string } | null }> } } | null };

export type ModerationQueuePageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;


export type ModerationQueuePageQuery = { moderationQueue: { totalCount: number, nodes: Array<{ id: string, flagCount: number }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SubmitPluginMutationVariables = Exact<{
  submission: Record<string, unknown>;
}>;


export type SubmitPluginMutation = { submitPlugin: { submissionId: string } };

export type ResubmitPluginMutationVariables = Exact<{
  id: string | number;
  submission: Record<string, unknown>;
}>;


export type ResubmitPluginMutation = { resubmitPlugin: { status: SubmissionStatus } };

export type WithdrawSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type WithdrawSubmissionMutation = { withdrawSubmission: { status: SubmissionStatus } };

export type ClaimSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type ClaimSubmissionMutation = { claimSubmission: { status: SubmissionStatus } };

export type ApproveSubmissionMutationVariables = Exact<{
  id: string | number;
  notes?: string | null | undefined;
}>;


export type ApproveSubmissionMutation = { approveSubmission: { status: SubmissionStatus } };

export type RejectSubmissionMutationVariables = Exact<{
  id: string | number;
  notes: string;
}>;


export type RejectSubmissionMutation = { rejectSubmission: { status: SubmissionStatus } };

export type RequestChangesMutationVariables = Exact<{
  id: string | number;
  notes: string;
}>;


export type RequestChangesMutation = { requestChanges: { status: SubmissionStatus } };

export type SubmissionPayloadQueryVariables = Exact<{
  id: string | number;
}>;


export type SubmissionPayloadQuery = { submission: { id: string, payload: Record<string, unknown> } | null };

export type PendingSubmissionsQueryVariables = Exact<{
  offset?: number | null | undefined;
  mine?: boolean | null | undefined;
}>;


export type PendingSubmissionsQuery = { submissions: { nodes: Array<{ id: string }> } };

export type YankVersionMutationVariables = Exact<{
  pluginId: string | number;
  version: string;
  reason: string;
}>;


export type YankVersionMutation = { yankVersion: { version: string } };

export type UnyankVersionMutationVariables = Exact<{
  pluginId: string | number;
  version: string;
}>;


export type UnyankVersionMutation = { unyankVersion: { version: string } };

export type DeprecatePluginMutationVariables = Exact<{
  id: string | number;
  message: string;
}>;


export type DeprecatePluginMutation = { deprecatePlugin: { id: string } };

export type UndeprecatePluginMutationVariables = Exact<{
  id: string | number;
}>;


export type UndeprecatePluginMutation = { undeprecatePlugin: { id: string } };

export type AddMaintainerMutationVariables = Exact<{
  pluginId: string | number;
  username: string;
}>;


export type AddMaintainerMutation = { addMaintainer: { id: string } };

export type RemoveMaintainerMutationVariables = Exact<{
  pluginId: string | number;
  username: string;
}>;


export type RemoveMaintainerMutation = { removeMaintainer: { id: string } };

export type TransferOwnershipMutationVariables = Exact<{
  pluginId: string | number;
  username: string;
}>;


export type TransferOwnershipMutation = { transferOwnership: { id: string } };

export type SetVerifiedMutationVariables = Exact<{
  pluginId: string | number;
  verified: boolean;
}>;


export type SetVerifiedMutation = { setVerified: { id: string } };

export type SetCategoryMutationVariables = Exact<{
  pluginId: string | number;
  category: Category;
}>;


export type SetCategoryMutation = { setCategory: { id: string } };

export type AuditLogCountQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditLogCountQuery = { auditLog: { totalCount: number } };

export type AuditLogQueryVariables = Exact<{
  target?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, nodes: Array<{ action: string, target: string, details: Record<string, unknown>, createdAt: string, actor: { username: string } | null }> } };

export type SubmissionConformanceQueryVariables = Exact<{
  id: string | number;
}>;


export type SubmissionConformanceQuery = { submission: { conformance: { source: string, passed: boolean, finishedAt: string, endpoint: string, report: Record<string, unknown> } | null } | null };

export type ValidateSubmissionQueryVariables = Exact<{
  submission: Record<string, unknown>;
}>;


export type ValidateSubmissionQuery = { validateSubmission: Array<{ field: string }> };

export type UnclaimSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type UnclaimSubmissionMutation = { unclaimSubmission: { status: SubmissionStatus } };

export type DownloadManifestMutationVariables = Exact<{
  pluginId: string | number;
  version: string;
}>;


export type DownloadManifestMutation = { downloadManifest: { sha256: string, manifest: string } };

export type PluginAnalyticsTotalQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginAnalyticsTotalQuery = { pluginAnalytics: { totalDownloads: number } };

export type PluginDownloadsQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginDownloadsQuery = { plugin: { stats: { downloads: number, downloadsLast30d: number } } | null };

export type MostDownloadedQueryVariables = Exact<{
  first: number;
}>;


export type MostDownloadedQuery = { plugins: { nodes: Array<{ id: string, stats: { downloads: number, downloadsLast30d: number } }> } };

export type PluginAnalyticsQueryVariables = Exact<{
  id: string | number;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type PluginAnalyticsQuery = { pluginAnalytics: { from: string, to: string, downloads: number, daily: Array<{ day: string, count: number }>, monthly: Array<{ month: string, count: number }>, versions: Array<{ key: string, count: number }>, ratingTrend: Array<{ month: string, average: number, count: number }> } };

export type PluginInstallsQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginInstallsQuery = { pluginAnalytics: { activeInstalls: number, installsByVersion: Array<{ key: string, count: number }>, countries: Array<{ key: string, count: number }> } };

export type PluginErrorRateQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginErrorRateQuery = { pluginAnalytics: { errorRate: { requests: number, errors: number, rate: number } } };

export type AdvisoriesQueryVariables = Exact<{
  pluginId: string | number;
}>;


export type AdvisoriesQuery = { advisories: Array<{ id: string }>, plugin: { advisories: Array<{ id: string }>, versions: { nodes: Array<{ version: string, advisories: Array<{ id: string, kind: AdvisoryKind }> }> } } | null };

export type PublishAdvisoryMutationVariables = Exact<{
  input: PublishAdvisoryInput;
}>;


export type PublishAdvisoryMutation = { publishAdvisory: { id: string } };

export type ReportQueryVariables = Exact<{
  id: string | number;
}>;


export type ReportQuery = { report: { id: string, details: string, contact: string | null } };

export type PluginReportsQueryVariables = Exact<{
  pluginId: string | number;
}>;


export type PluginReportsQuery = { pluginReports: Array<{ id: string }> };

export type MyReportsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyReportsQuery = { myReports: Array<{ id: string }> };

export type CloseReportMutationVariables = Exact<{
  id: string | number;
  note: string;
}>;


export type CloseReportMutation = { closeReport: { status: ReportStatus } };

export type ReportToAdvisoryMutationVariables = Exact<{
  id: string | number;
  input: ReportAdvisoryInput;
}>;


export type ReportToAdvisoryMutation = { reportToAdvisory: { status: ReportStatus } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    username
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MyKeysDocument = new TypedDocumentString(`
    query MyKeys {
  me {
    scopes
    apiKeys {
      id
      name
      prefix
      scopes
      lastUsedAt
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<MyKeysQuery, MyKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($name: String, $scopes: [String!], $expiresAt: DateTimeISO) {
  createApiKey(name: $name, scopes: $scopes, expiresAt: $expiresAt) {
    key
    apiKey {
      id
      prefix
      scopes
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const MyScopesDocument = new TypedDocumentString(`
    query MyScopes {
  me {
    username
    scopes
  }
}
    `) as unknown as TypedDocumentString<MyScopesQuery, MyScopesQueryVariables>;
export const DeviceAuthorizationDocument = new TypedDocumentString(`
    query DeviceAuthorization($userCode: String!) {
  deviceAuthorization(userCode: $userCode) {
    userCode
  }
}
    `) as unknown as TypedDocumentString<DeviceAuthorizationQuery, DeviceAuthorizationQueryVariables>;
export const ApproveDeviceDocument = new TypedDocumentString(`
    mutation ApproveDevice($userCode: String!) {
  decideDeviceAuthorization(userCode: $userCode, approve: true) {
    userCode
  }
}
    `) as unknown as TypedDocumentString<ApproveDeviceMutation, ApproveDeviceMutationVariables>;
export const ViewerCanPublishDocument = new TypedDocumentString(`
    query ViewerCanPublish($id: ID!) {
  plugin(id: $id) {
    viewerCanPublish
  }
}
    `) as unknown as TypedDocumentString<ViewerCanPublishQuery, ViewerCanPublishQueryVariables>;
export const PluginVersionDocument = new TypedDocumentString(`
    query PluginVersion($id: ID!) {
  plugin(id: $id) {
    version
  }
}
    `) as unknown as TypedDocumentString<PluginVersionQuery, PluginVersionQueryVariables>;
export const PluginVersionsDocument = new TypedDocumentString(`
    query PluginVersions($id: ID!, $first: Int) {
  plugin(id: $id) {
    versions(first: $first) {
      totalCount
      nodes {
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginVersionsQuery, PluginVersionsQueryVariables>;
export const PluginOwnerDocument = new TypedDocumentString(`
    query PluginOwner($id: ID!) {
  plugin(id: $id) {
    owner {
      username
    }
  }
}
    `) as unknown as TypedDocumentString<PluginOwnerQuery, PluginOwnerQueryVariables>;
export const PluginCurrentVersionDocument = new TypedDocumentString(`
    query PluginCurrentVersion($id: ID!) {
  plugin(id: $id) {
    version
    versions {
      nodes {
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginCurrentVersionQuery, PluginCurrentVersionQueryVariables>;
export const PluginInstallDocument = new TypedDocumentString(`
    query PluginInstall($id: ID!) {
  plugin(id: $id) {
    version
    description
    tags
    installable
    notInstallableReason
    capabilities {
      vision
    }
    install {
      manifestUrl
      sha256
      sourceUrl
      dockerImage
    }
  }
}
    `) as unknown as TypedDocumentString<PluginInstallQuery, PluginInstallQueryVariables>;
export const PluginInstallableDocument = new TypedDocumentString(`
    query PluginInstallable($id: ID!) {
  plugin(id: $id) {
    installable
    notInstallableReason
  }
}
    `) as unknown as TypedDocumentString<PluginInstallableQuery, PluginInstallableQueryVariables>;
export const PluginCountDocument = new TypedDocumentString(`
    query PluginCount($first: Int) {
  plugins(first: $first) {
    totalCount
    pageInfo {
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<PluginCountQuery, PluginCountQueryVariables>;
export const PluginSummaryDocument = new TypedDocumentString(`
    query PluginSummary($id: ID!) {
  plugin(id: $id) {
    id
    description
    versions {
      totalCount
    }
    reviews {
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<PluginSummaryQuery, PluginSummaryQueryVariables>;
export const PluginVersionHashesDocument = new TypedDocumentString(`
    query PluginVersionHashes($id: ID!) {
  plugin(id: $id) {
    versions(first: 20) {
      nodes {
        version
        sha256
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginVersionHashesQuery, PluginVersionHashesQueryVariables>;
export const PluginDetailDocument = new TypedDocumentString(`
    query PluginDetail($id: ID!) {
  plugin(id: $id) {
    versions(first: 100) {
      nodes {
        version
        publishedAt
        changes
        prerelease
        yankedReason
        dependencies {
          pluginId
          range
        }
        conflicts {
          pluginId
          range
        }
        provides
      }
    }
    reviews(first: 100) {
      totalCount
      nodes {
        rating
        comment
        createdAt
        author {
          username
        }
      }
    }
    stats {
      downloads
      downloadsLast30d
      stars
      ratingCount
    }
  }
}
    `) as unknown as TypedDocumentString<PluginDetailQuery, PluginDetailQueryVariables>;
export const SearchListDocument = new TypedDocumentString(`
    query SearchList($search: String, $tags: [String!], $verified: Boolean, $category: Category, $providerType: String, $capabilities: [Capability!], $sort: PluginSort, $first: Int, $after: String, $limit: Int, $offset: Int) {
  plugins(
    search: $search
    tags: $tags
    verified: $verified
    category: $category
    providerType: $providerType
    capabilities: $capabilities
    sort: $sort
    first: $first
    after: $after
    limit: $limit
    offset: $offset
  ) {
    totalCount
    didYouMean
    pageInfo {
      hasNextPage
      hasPreviousPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        name
        verified
        tags
        updatedAt
        category
        providerType
        capabilities {
          streaming
          vision
          embeddings
        }
        stats {
          downloads
          ratingScore
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchListQuery, SearchListQueryVariables>;
export const FacetsDocument = new TypedDocumentString(`
    query Facets {
  tags(first: 5) {
    value
    count
  }
  providerTypes {
    value
    count
  }
}
    `) as unknown as TypedDocumentString<FacetsQuery, FacetsQueryVariables>;
export const VersionQualityDocument = new TypedDocumentString(`
    query VersionQuality($id: ID!) {
  plugin(id: $id) {
    versions {
      nodes {
        quality {
          score
          assessedAt
          items {
            id
            passed
            detail
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VersionQualityQuery, VersionQualityQueryVariables>;
export const QualityListDocument = new TypedDocumentString(`
    query QualityList($minQuality: Int, $tested: Boolean, $sort: PluginSort) {
  plugins(minQuality: $minQuality, tested: $tested, sort: $sort) {
    nodes {
      id
      qualityScore
      tested
    }
  }
}
    `) as unknown as TypedDocumentString<QualityListQuery, QualityListQueryVariables>;
export const PluginNameDocument = new TypedDocumentString(`
    query PluginName($id: ID!) {
  plugin(id: $id) {
    name
    stats {
      downloads
    }
  }
}
    `) as unknown as TypedDocumentString<PluginNameQuery, PluginNameQueryVariables>;
export const CatalogPageDocument = new TypedDocumentString(`
    query CatalogPage($first: Int) {
  plugins(first: $first, sort: NAME) {
    totalCount
    nodes {
      id
      name
      owner {
        username
      }
      latestVersion {
        version
        publishedAt
        sha256
      }
      versions(first: 3) {
        totalCount
        nodes {
          version
        }
      }
      reviews(first: 3) {
        totalCount
        nodes {
          rating
          comment
          author {
            username
          }
        }
      }
      stats {
        downloads
        downloadsLast30d
        stars
        rating
        ratingCount
        daily(days: 14) {
          day
          count
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogPageQuery, CatalogPageQueryVariables>;
export const CatalogDependentsDocument = new TypedDocumentString(`
    query CatalogDependents($first: Int) {
  plugins(first: $first, sort: NAME) {
    nodes {
      id
      dependents(first: 5) {
        totalCount
        nodes {
          pluginId
          range
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogDependentsQuery, CatalogDependentsQueryVariables>;
export const RatePluginDocument = new TypedDocumentString(`
    mutation RatePlugin($id: ID!, $rating: Int!) {
  ratePlugin(id: $id, rating: $rating) {
    id
    rating
    comment
  }
}
    `) as unknown as TypedDocumentString<RatePluginMutation, RatePluginMutationVariables>;
export const ReviewPluginDocument = new TypedDocumentString(`
    mutation ReviewPlugin($id: ID!, $rating: Int!, $comment: String!) {
  reviewPlugin(id: $id, rating: $rating, comment: $comment) {
    id
    rating
    comment
  }
}
    `) as unknown as TypedDocumentString<ReviewPluginMutation, ReviewPluginMutationVariables>;
export const DeleteReviewDocument = new TypedDocumentString(`
    mutation DeleteReview($pluginId: ID!) {
  deleteReview(pluginId: $pluginId)
}
    `) as unknown as TypedDocumentString<DeleteReviewMutation, DeleteReviewMutationVariables>;
export const FlagReviewDocument = new TypedDocumentString(`
    mutation FlagReview($id: ID!, $reason: String!) {
  flagReview(id: $id, reason: $reason) {
    id
    flagCount
  }
}
    `) as unknown as TypedDocumentString<FlagReviewMutation, FlagReviewMutationVariables>;
export const FlagReviewContentDocument = new TypedDocumentString(`
    mutation FlagReviewContent($id: ID!, $reason: String!) {
  flagReview(id: $id, reason: $reason) {
    comment
    author {
      username
    }
  }
}
    `) as unknown as TypedDocumentString<FlagReviewContentMutation, FlagReviewContentMutationVariables>;
export const HideReviewDocument = new TypedDocumentString(`
    mutation HideReview($id: ID!, $reason: String!) {
  hideReview(id: $id, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<HideReviewMutation, HideReviewMutationVariables>;
export const HideReviewStateDocument = new TypedDocumentString(`
    mutation HideReviewState($id: ID!, $reason: String!) {
  hideReview(id: $id, reason: $reason) {
    hidden
    flagCount
  }
}
    `) as unknown as TypedDocumentString<HideReviewStateMutation, HideReviewStateMutationVariables>;
export const RestoreReviewDocument = new TypedDocumentString(`
    mutation RestoreReview($id: ID!, $reason: String!) {
  restoreReview(id: $id, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<RestoreReviewMutation, RestoreReviewMutationVariables>;
export const RestoreReviewStateDocument = new TypedDocumentString(`
    mutation RestoreReviewState($id: ID!, $reason: String!) {
  restoreReview(id: $id, reason: $reason) {
    hidden
  }
}
    `) as unknown as TypedDocumentString<RestoreReviewStateMutation, RestoreReviewStateMutationVariables>;
export const ModerationQueueCountDocument = new TypedDocumentString(`
    query ModerationQueueCount {
  moderationQueue {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<ModerationQueueCountQuery, ModerationQueueCountQueryVariables>;
export const ModerationQueueDocument = new TypedDocumentString(`
    query ModerationQueue($first: Int) {
  moderationQueue(first: $first) {
    nodes {
      id
      flagCount
    }
  }
}
    `) as unknown as TypedDocumentString<ModerationQueueQuery, ModerationQueueQueryVariables>;
export const StarPluginDocument = new TypedDocumentString(`
    mutation StarPlugin($id: ID!) {
  starPlugin(id: $id) {
    id
    viewerHasStarred
    stats {
      stars
    }
  }
}
    `) as unknown as TypedDocumentString<StarPluginMutation, StarPluginMutationVariables>;
export const UnstarPluginDocument = new TypedDocumentString(`
    mutation UnstarPlugin($id: ID!) {
  unstarPlugin(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<UnstarPluginMutation, UnstarPluginMutationVariables>;
export const PluginReviewsDocument = new TypedDocumentString(`
    query PluginReviews($id: ID!) {
  plugin(id: $id) {
    stats {
      rating
      ratingCount
      stars
    }
    reviews(first: 50) {
      totalCount
      nodes {
        id
        rating
        comment
        author {
          username
        }
        installed
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginReviewsQuery, PluginReviewsQueryVariables>;
export const ViewerReviewDocument = new TypedDocumentString(`
    query ViewerReview($id: ID!) {
  plugin(id: $id) {
    viewerReview {
      rating
      comment
      hidden
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerReviewQuery, ViewerReviewQueryVariables>;
export const ViewerReviewsDocument = new TypedDocumentString(`
    query ViewerReviews {
  plugins(first: 100) {
    nodes {
      id
      viewerReview {
        rating
        comment
        hidden
        author {
          username
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerReviewsQuery, ViewerReviewsQueryVariables>;
export const RecentReviewsDocument = new TypedDocumentString(`
    query RecentReviews($id: ID!) {
  plugin(id: $id) {
    reviews(first: 5) {
      nodes {
        rating
        comment
        author {
          username
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RecentReviewsQuery, RecentReviewsQueryVariables>;
export const ModerationQueuePageDocument = new TypedDocumentString(`
    query ModerationQueuePage($first: Int, $after: String, $limit: Int, $offset: Int) {
  moderationQueue(first: $first, after: $after, limit: $limit, offset: $offset) {
    totalCount
    nodes {
      id
      flagCount
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ModerationQueuePageQuery, ModerationQueuePageQueryVariables>;
export const SubmitPluginDocument = new TypedDocumentString(`
    mutation SubmitPlugin($submission: JSONObject!) {
  submitPlugin(submission: $submission) {
    submissionId
  }
}
    `) as unknown as TypedDocumentString<SubmitPluginMutation, SubmitPluginMutationVariables>;
export const ResubmitPluginDocument = new TypedDocumentString(`
    mutation ResubmitPlugin($id: ID!, $submission: JSONObject!) {
  resubmitPlugin(id: $id, submission: $submission) {
    status
  }
}
    `) as unknown as TypedDocumentString<ResubmitPluginMutation, ResubmitPluginMutationVariables>;
export const WithdrawSubmissionDocument = new TypedDocumentString(`
    mutation WithdrawSubmission($id: ID!) {
  withdrawSubmission(id: $id) {
    status
  }
}
    `) as unknown as TypedDocumentString<WithdrawSubmissionMutation, WithdrawSubmissionMutationVariables>;
export const ClaimSubmissionDocument = new TypedDocumentString(`
    mutation ClaimSubmission($id: ID!) {
  claimSubmission(id: $id) {
    status
  }
}
    `) as unknown as TypedDocumentString<ClaimSubmissionMutation, ClaimSubmissionMutationVariables>;
export const ApproveSubmissionDocument = new TypedDocumentString(`
    mutation ApproveSubmission($id: ID!, $notes: String) {
  approveSubmission(id: $id, notes: $notes) {
    status
  }
}
    `) as unknown as TypedDocumentString<ApproveSubmissionMutation, ApproveSubmissionMutationVariables>;
export const RejectSubmissionDocument = new TypedDocumentString(`
    mutation RejectSubmission($id: ID!, $notes: String!) {
  rejectSubmission(id: $id, notes: $notes) {
    status
  }
}
    `) as unknown as TypedDocumentString<RejectSubmissionMutation, RejectSubmissionMutationVariables>;
export const RequestChangesDocument = new TypedDocumentString(`
    mutation RequestChanges($id: ID!, $notes: String!) {
  requestChanges(id: $id, notes: $notes) {
    status
  }
}
    `) as unknown as TypedDocumentString<RequestChangesMutation, RequestChangesMutationVariables>;
export const SubmissionPayloadDocument = new TypedDocumentString(`
    query SubmissionPayload($id: ID!) {
  submission(id: $id) {
    id
    payload
  }
}
    `) as unknown as TypedDocumentString<SubmissionPayloadQuery, SubmissionPayloadQueryVariables>;
export const PendingSubmissionsDocument = new TypedDocumentString(`
    query PendingSubmissions($offset: Int, $mine: Boolean) {
  submissions(status: PENDING_REVIEW, limit: 100, offset: $offset, mine: $mine) {
    nodes {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<PendingSubmissionsQuery, PendingSubmissionsQueryVariables>;
export const YankVersionDocument = new TypedDocumentString(`
    mutation YankVersion($pluginId: ID!, $version: String!, $reason: String!) {
  yankVersion(pluginId: $pluginId, version: $version, reason: $reason) {
    version
  }
}
    `) as unknown as TypedDocumentString<YankVersionMutation, YankVersionMutationVariables>;
export const UnyankVersionDocument = new TypedDocumentString(`
    mutation UnyankVersion($pluginId: ID!, $version: String!) {
  unyankVersion(pluginId: $pluginId, version: $version) {
    version
  }
}
    `) as unknown as TypedDocumentString<UnyankVersionMutation, UnyankVersionMutationVariables>;
export const DeprecatePluginDocument = new TypedDocumentString(`
    mutation DeprecatePlugin($id: ID!, $message: String!) {
  deprecatePlugin(id: $id, message: $message) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeprecatePluginMutation, DeprecatePluginMutationVariables>;
export const UndeprecatePluginDocument = new TypedDocumentString(`
    mutation UndeprecatePlugin($id: ID!) {
  undeprecatePlugin(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<UndeprecatePluginMutation, UndeprecatePluginMutationVariables>;
export const AddMaintainerDocument = new TypedDocumentString(`
    mutation AddMaintainer($pluginId: ID!, $username: String!) {
  addMaintainer(pluginId: $pluginId, username: $username) {
    id
  }
}
    `) as unknown as TypedDocumentString<AddMaintainerMutation, AddMaintainerMutationVariables>;
export const RemoveMaintainerDocument = new TypedDocumentString(`
    mutation RemoveMaintainer($pluginId: ID!, $username: String!) {
  removeMaintainer(pluginId: $pluginId, username: $username) {
    id
  }
}
    `) as unknown as TypedDocumentString<RemoveMaintainerMutation, RemoveMaintainerMutationVariables>;
export const TransferOwnershipDocument = new TypedDocumentString(`
    mutation TransferOwnership($pluginId: ID!, $username: String!) {
  transferOwnership(pluginId: $pluginId, username: $username) {
    id
  }
}
    `) as unknown as TypedDocumentString<TransferOwnershipMutation, TransferOwnershipMutationVariables>;
export const SetVerifiedDocument = new TypedDocumentString(`
    mutation SetVerified($pluginId: ID!, $verified: Boolean!) {
  setVerified(pluginId: $pluginId, verified: $verified) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetVerifiedMutation, SetVerifiedMutationVariables>;
export const SetCategoryDocument = new TypedDocumentString(`
    mutation SetCategory($pluginId: ID!, $category: Category!) {
  setCategory(pluginId: $pluginId, category: $category) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetCategoryMutation, SetCategoryMutationVariables>;
export const AuditLogCountDocument = new TypedDocumentString(`
    query AuditLogCount {
  auditLog(first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<AuditLogCountQuery, AuditLogCountQueryVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($target: String, $first: Int = 100) {
  auditLog(target: $target, first: $first) {
    totalCount
    nodes {
      action
      target
      details
      actor {
        username
      }
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const SubmissionConformanceDocument = new TypedDocumentString(`
    query SubmissionConformance($id: ID!) {
  submission(id: $id) {
    conformance {
      source
      passed
      finishedAt
      endpoint
      report
    }
  }
}
    `) as unknown as TypedDocumentString<SubmissionConformanceQuery, SubmissionConformanceQueryVariables>;
export const ValidateSubmissionDocument = new TypedDocumentString(`
    query ValidateSubmission($submission: JSONObject!) {
  validateSubmission(submission: $submission) {
    field
  }
}
    `) as unknown as TypedDocumentString<ValidateSubmissionQuery, ValidateSubmissionQueryVariables>;
export const UnclaimSubmissionDocument = new TypedDocumentString(`
    mutation UnclaimSubmission($id: ID!) {
  unclaimSubmission(id: $id) {
    status
  }
}
    `) as unknown as TypedDocumentString<UnclaimSubmissionMutation, UnclaimSubmissionMutationVariables>;
export const DownloadManifestDocument = new TypedDocumentString(`
    mutation DownloadManifest($pluginId: ID!, $version: String!) {
  downloadManifest(pluginId: $pluginId, version: $version) {
    sha256
    manifest
  }
}
    `) as unknown as TypedDocumentString<DownloadManifestMutation, DownloadManifestMutationVariables>;
export const PluginAnalyticsTotalDocument = new TypedDocumentString(`
    query PluginAnalyticsTotal($id: ID!) {
  pluginAnalytics(id: $id) {
    totalDownloads
  }
}
    `) as unknown as TypedDocumentString<PluginAnalyticsTotalQuery, PluginAnalyticsTotalQueryVariables>;
export const PluginDownloadsDocument = new TypedDocumentString(`
    query PluginDownloads($id: ID!) {
  plugin(id: $id) {
    stats {
      downloads
      downloadsLast30d
    }
  }
}
    `) as unknown as TypedDocumentString<PluginDownloadsQuery, PluginDownloadsQueryVariables>;
export const MostDownloadedDocument = new TypedDocumentString(`
    query MostDownloaded($first: Int!) {
  plugins(sort: DOWNLOADS, first: $first) {
    nodes {
      id
      stats {
        downloads
        downloadsLast30d
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MostDownloadedQuery, MostDownloadedQueryVariables>;
export const PluginAnalyticsDocument = new TypedDocumentString(`
    query PluginAnalytics($id: ID!, $from: String, $to: String) {
  pluginAnalytics(id: $id, from: $from, to: $to) {
    from
    to
    downloads
    daily {
      day
      count
    }
    monthly {
      month
      count
    }
    versions {
      key
      count
    }
    ratingTrend {
      month
      average
      count
    }
  }
}
    `) as unknown as TypedDocumentString<PluginAnalyticsQuery, PluginAnalyticsQueryVariables>;
export const PluginInstallsDocument = new TypedDocumentString(`
    query PluginInstalls($id: ID!) {
  pluginAnalytics(id: $id) {
    activeInstalls
    installsByVersion {
      key
      count
    }
    countries {
      key
      count
    }
  }
}
    `) as unknown as TypedDocumentString<PluginInstallsQuery, PluginInstallsQueryVariables>;
export const PluginErrorRateDocument = new TypedDocumentString(`
    query PluginErrorRate($id: ID!) {
  pluginAnalytics(id: $id) {
    errorRate {
      requests
      errors
      rate
    }
  }
}
    `) as unknown as TypedDocumentString<PluginErrorRateQuery, PluginErrorRateQueryVariables>;
export const AdvisoriesDocument = new TypedDocumentString(`
    query Advisories($pluginId: ID!) {
  advisories {
    id
  }
  plugin(id: $pluginId) {
    advisories {
      id
    }
    versions(first: 50) {
      nodes {
        version
        advisories {
          id
          kind
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdvisoriesQuery, AdvisoriesQueryVariables>;
export const PublishAdvisoryDocument = new TypedDocumentString(`
    mutation PublishAdvisory($input: PublishAdvisoryInput!) {
  publishAdvisory(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<PublishAdvisoryMutation, PublishAdvisoryMutationVariables>;
export const ReportDocument = new TypedDocumentString(`
    query Report($id: ID!) {
  report(id: $id) {
    id
    details
    contact
  }
}
    `) as unknown as TypedDocumentString<ReportQuery, ReportQueryVariables>;
export const PluginReportsDocument = new TypedDocumentString(`
    query PluginReports($pluginId: ID!) {
  pluginReports(pluginId: $pluginId) {
    id
  }
}
    `) as unknown as TypedDocumentString<PluginReportsQuery, PluginReportsQueryVariables>;
export const MyReportsDocument = new TypedDocumentString(`
    query MyReports {
  myReports {
    id
  }
}
    `) as unknown as TypedDocumentString<MyReportsQuery, MyReportsQueryVariables>;
export const CloseReportDocument = new TypedDocumentString(`
    mutation CloseReport($id: ID!, $note: String!) {
  closeReport(id: $id, note: $note) {
    status
  }
}
    `) as unknown as TypedDocumentString<CloseReportMutation, CloseReportMutationVariables>;
export const ReportToAdvisoryDocument = new TypedDocumentString(`
    mutation ReportToAdvisory($id: ID!, $input: ReportAdvisoryInput!) {
  reportToAdvisory(id: $id, input: $input) {
    status
  }
}
    `) as unknown as TypedDocumentString<ReportToAdvisoryMutation, ReportToAdvisoryMutationVariables>;