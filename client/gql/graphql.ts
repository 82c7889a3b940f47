/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

/** Where the automated checks are */
export type ChecksState =
  | 'DONE'
  | 'QUEUED'
  | 'RUNNING';

/** RELEVANCE needs `search`; without it, it sorts by downloads */
export type PluginSort =
  | 'DOWNLOADS'
  | 'NAME'
  /** The current version's quality score, highest first (tested first among equals, then downloads); plugins with no score last */
  | 'QUALITY'
  | 'RATING'
  | 'RELEVANCE'
  | 'UPDATED';

/** security and license reports go to the plugin’s owner, maintainers and admins; malware and abuse reports to admins only */
export type ReportKind =
  | 'ABUSE'
  | 'LICENSE'
  | 'MALWARE'
  | 'SECURITY';

export type ReportPluginInput = {
  /** An email address; required when not signed in */
  contact?: string | null | undefined;
  /** What is wrong, in which versions, how to see it */
  details: string;
  kind: ReportKind;
  pluginId: string | number;
};

/** open; closed with a note; or published as an advisory */
export type ReportStatus =
  | 'ADVISORY'
  | 'CLOSED'
  | 'OPEN';

export type Role =
  | 'ADMIN'
  | 'REVIEWER'
  | 'USER';

export type SubmissionStatus =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'IN_REVIEW'
  | 'PENDING_REVIEW'
  | 'REJECTED'
  | 'WITHDRAWN';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, role: Role, scopes: Array<string> } | null };

export type PluginCommunityQueryVariables = Exact<{
  id: string | number;
  reviews?: number | null | undefined;
}>;


export type PluginCommunityQuery = { plugin: { id: string, viewerHasStarred: boolean, viewerReview: { id: string, rating: number, comment: string, hidden: boolean } | null, stats: { stars: number, daily: Array<{ day: string, count: number }> }, reviews: { totalCount: number, nodes: Array<{ id: string, rating: number, comment: string, createdAt: string, author: { username: string } | null }> } } | null };

export type StarPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type StarPluginMutation = { starPlugin: { id: string, viewerHasStarred: boolean } };

export type UnstarPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type UnstarPluginMutation = { unstarPlugin: { id: string, viewerHasStarred: boolean } };

export type PluginDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginDetailQuery = { plugin: { id: string, name: string, providerType: string, description: string, author: string, version: string, license: string, homepage: string, repository: string, documentationUrl: string | null, verified: boolean, category: Category, tags: Array<string>, screenshots: Array<string>, publishedAt: string, updatedAt: string, qualityScore: number | null, tested: boolean, deprecated: { message: string, replacement: string | null } | null, stats: { downloadsLast30d: number, downloads: number, rating: number, ratingCount: number }, versions: { totalCount: number, nodes: Array<{ version: string, publishedAt: string, changes: string, prerelease: boolean, yankedReason: string | null, sha256: string, quality: { score: number, assessedAt: string, items: Array<{ id: string, label: string, passed: boolean, detail: string }> } | null }> }, capabilities: { streaming: boolean, functionCalling: boolean, vision: boolean, embeddings: boolean, fineTuning: boolean, custom: Array<{ name: string, enabled: boolean }> }, install: { type: string, manifestUrl: string, dockerImage: string | null } } | null };

export type PluginEntryFragment = { id: string, name: string, providerType: string, description: string, author: string, version: string, license: string, homepage: string, repository: string, documentationUrl: string | null, verified: boolean, category: Category, tags: Array<string>, screenshots: Array<string>, publishedAt: string, updatedAt: string, qualityScore: number | null, tested: boolean, capabilities: { streaming: boolean, functionCalling: boolean, vision: boolean, embeddings: boolean, fineTuning: boolean, custom: Array<{ name: string, enabled: boolean }> }, install: { type: string, manifestUrl: string, dockerImage: string | null }, stats: { downloads: number, rating: number, ratingCount: number } };

export type PluginRequirementsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PluginRequirementsQuery = { plugin: { id: string, versions: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ version: string, prerelease: boolean, yankedReason: string | null, sha256: string, provides: Array<string>, dependencies: Array<{ pluginId: string, range: string }>, conflicts: Array<{ pluginId: string, range: string }> }> } } | null };

export type PluginDependentsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PluginDependentsQuery = { plugin: { id: string, dependents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ pluginId: string, version: string, range: string }> } } | null };

export type PluginVersionsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PluginVersionsQuery = { plugin: { id: string, version: string, versions: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ version: string, prerelease: boolean, yankedReason: string | null, sha256: string }> } } | null };

export type PluginPeopleFragment = { id: string, owner: { username: string } | null, maintainers: Array<{ username: string }> };

export type VersionStateFragment = { version: string, yankedReason: string | null };

export type SubmissionSummaryFragment = { id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, notes: string | null, createdAt: string, updatedAt: string };

export type ApiKeyFactsFragment = { id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null };

export type PluginPeopleQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginPeopleQuery = { plugin: { id: string, owner: { username: string } | null, maintainers: Array<{ username: string }> } | null };

export type YankVersionMutationVariables = Exact<{
  pluginId: string | number;
  version: string;
  reason: string;
}>;


export type YankVersionMutation = { yankVersion: { warnings: Array<string>, version: string, yankedReason: string | null } };

export type UnyankVersionMutationVariables = Exact<{
  pluginId: string | number;
  version: string;
}>;


export type UnyankVersionMutation = { unyankVersion: { version: string, yankedReason: string | null } };

export type DeprecatePluginMutationVariables = Exact<{
  id: string | number;
  message: string;
  replacement?: string | null | undefined;
}>;


export type DeprecatePluginMutation = { deprecatePlugin: { id: string, deprecated: { message: string, replacement: string | null } | null } };

export type UndeprecatePluginMutationVariables = Exact<{
  id: string | number;
}>;


export type UndeprecatePluginMutation = { undeprecatePlugin: { id: string, deprecated: { message: string, replacement: string | null } | null } };

export type AddMaintainerMutationVariables = Exact<{
  pluginId: string | number;
  username: string;
}>;


export type AddMaintainerMutation = { addMaintainer: { id: string, owner: { username: string } | null, maintainers: Array<{ username: string }> } };

export type RemoveMaintainerMutationVariables = Exact<{
  pluginId: string | number;
  username: string;
}>;


export type RemoveMaintainerMutation = { removeMaintainer: { id: string, owner: { username: string } | null, maintainers: Array<{ username: string }> } };

export type TransferOwnershipMutationVariables = Exact<{
  pluginId: string | number;
  username: string;
}>;


export type TransferOwnershipMutation = { transferOwnership: { id: string, owner: { username: string } | null, maintainers: Array<{ username: string }> } };

export type MySubmissionsQueryVariables = Exact<{
  status?: SubmissionStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MySubmissionsQuery = { submissions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, notes: string | null, createdAt: string, updatedAt: string }> } };

export type WithdrawSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type WithdrawSubmissionMutation = { withdrawSubmission: { id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, notes: string | null, createdAt: string, updatedAt: string } };

export type ResubmitPluginMutationVariables = Exact<{
  id: string | number;
  submission: Record<string, unknown>;
}>;


export type ResubmitPluginMutation = { resubmitPlugin: { id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, notes: string | null, createdAt: string, updatedAt: string } };

export type AccountQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountQuery = { me: { username: string, displayName: string, email: string, role: Role, scopes: Array<string>, apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null }> } | null };

export type CreateApiKeyMutationVariables = Exact<{
  name?: string | null | undefined;
  scopes?: Array<string> | string | null | undefined;
  expiresAt?: string | null | undefined;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, name: string, prefix: string, scopes: Array<string>, createdAt: string, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null } };

export type ReportFieldsFragment = { id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null };

export type ReportPluginMutationVariables = Exact<{
  input: ReportPluginInput;
}>;


export type ReportPluginMutation = { reportPlugin: { statusToken: string | null, report: { id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null } } };

export type PluginReportsQueryVariables = Exact<{
  pluginId?: string | number | null | undefined;
}>;


export type PluginReportsQuery = { pluginReports: Array<{ id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null }> };

export type MyReportsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyReportsQuery = { myReports: Array<{ id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null }> };

export type RatePluginMutationVariables = Exact<{
  id: string | number;
  rating: number;
}>;


export type RatePluginMutation = { ratePlugin: { rating: number, comment: string, installed: boolean, updatedAt: string } };

export type ReviewPluginMutationVariables = Exact<{
  id: string | number;
  rating: number;
  comment: string;
}>;


export type ReviewPluginMutation = { reviewPlugin: { rating: number, comment: string, installed: boolean, updatedAt: string } };

export type SearchPluginsQueryVariables = Exact<{
  search?: string | null | undefined;
  tags?: Array<string> | string | null | undefined;
  verified?: boolean | null | undefined;
  category?: Category | null | undefined;
  capabilities?: Array<Capability> | Capability | null | undefined;
  minQuality?: number | null | undefined;
  tested?: boolean | null | undefined;
  sort?: PluginSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchPluginsQuery = { plugins: { totalCount: number, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, providerType: string, description: string, author: string, version: string, license: string, homepage: string, repository: string, documentationUrl: string | null, verified: boolean, category: Category, tags: Array<string>, screenshots: Array<string>, publishedAt: string, updatedAt: string, qualityScore: number | null, tested: boolean, capabilities: { streaming: boolean, functionCalling: boolean, vision: boolean, embeddings: boolean, fineTuning: boolean, custom: Array<{ name: string, enabled: boolean }> }, install: { type: string, manifestUrl: string, dockerImage: string | null }, stats: { downloads: number, rating: number, ratingCount: number } }> } };

export type SubmissionQueryVariables = Exact<{
  id: string | number;
}>;


export type SubmissionQuery = { submission: { id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, notes: string | null, reviewedAt: string | null, createdAt: string, updatedAt: string, checks: Array<{ name: string, status: string, message: string }>, reviewer: { username: string } | null } | null };

export type SubmitPluginMutationVariables = Exact<{
  submission: Record<string, unknown>;
  idempotencyKey?: string | null | undefined;
}>;


export type SubmitPluginMutation = { submitPlugin: { submissionId: string, status: SubmissionStatus, message: string, estimatedReviewTime: string } };

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
export const PluginEntryFragmentDoc = new TypedDocumentString(`
    fragment PluginEntry on Plugin {
  id
  name
  providerType
  description
  author
  version
  license
  homepage
  repository
  documentationUrl
  verified
  category
  tags
  screenshots
  publishedAt
  updatedAt
  qualityScore
  tested
  capabilities {
    streaming
    functionCalling
    vision
    embeddings
    fineTuning
    custom {
      name
      enabled
    }
  }
  install {
    type
    manifestUrl
    dockerImage
  }
  stats {
    downloads
    rating
    ratingCount
  }
}
    `, {"fragmentName":"PluginEntry"}) as unknown as TypedDocumentString<PluginEntryFragment, unknown>;
export const PluginPeopleFragmentDoc = new TypedDocumentString(`
    fragment PluginPeople on Plugin {
  id
  owner {
    username
  }
  maintainers {
    username
  }
}
    `, {"fragmentName":"PluginPeople"}) as unknown as TypedDocumentString<PluginPeopleFragment, unknown>;
export const VersionStateFragmentDoc = new TypedDocumentString(`
    fragment VersionState on PluginVersion {
  version
  yankedReason
}
    `, {"fragmentName":"VersionState"}) as unknown as TypedDocumentString<VersionStateFragment, unknown>;
export const SubmissionSummaryFragmentDoc = new TypedDocumentString(`
    fragment SubmissionSummary on Submission {
  id
  pluginId
  version
  status
  checksState
  notes
  createdAt
  updatedAt
}
    `, {"fragmentName":"SubmissionSummary"}) as unknown as TypedDocumentString<SubmissionSummaryFragment, unknown>;
export const ApiKeyFactsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFacts on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}
    `, {"fragmentName":"ApiKeyFacts"}) as unknown as TypedDocumentString<ApiKeyFactsFragment, unknown>;
export const ReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReportFields on PluginReport {
  id
  pluginId
  kind
  status
  details
  contact
  reporter
  note
  advisoryId
  createdAt
  handledAt
}
    `, {"fragmentName":"ReportFields"}) as unknown as TypedDocumentString<ReportFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    username
    role
    scopes
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const PluginCommunityDocument = new TypedDocumentString(`
    query PluginCommunity($id: ID!, $reviews: Int = 3) {
  plugin(id: $id) {
    id
    viewerHasStarred
    viewerReview {
      id
      rating
      comment
      hidden
    }
    stats {
      stars
      daily(days: 30) {
        day
        count
      }
    }
    reviews(first: $reviews) {
      totalCount
      nodes {
        id
        rating
        comment
        createdAt
        author {
          username
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginCommunityQuery, PluginCommunityQueryVariables>;
export const StarPluginDocument = new TypedDocumentString(`
    mutation StarPlugin($id: ID!) {
  starPlugin(id: $id) {
    id
    viewerHasStarred
  }
}
    `) as unknown as TypedDocumentString<StarPluginMutation, StarPluginMutationVariables>;
export const UnstarPluginDocument = new TypedDocumentString(`
    mutation UnstarPlugin($id: ID!) {
  unstarPlugin(id: $id) {
    id
    viewerHasStarred
  }
}
    `) as unknown as TypedDocumentString<UnstarPluginMutation, UnstarPluginMutationVariables>;
export const PluginDetailDocument = new TypedDocumentString(`
    query PluginDetail($id: ID!) {
  plugin(id: $id) {
    ...PluginEntry
    deprecated {
      message
      replacement
    }
    stats {
      downloadsLast30d
    }
    versions(first: 20) {
      totalCount
      nodes {
        version
        publishedAt
        changes
        prerelease
        yankedReason
        sha256
        quality {
          score
          assessedAt
          items {
            id
            label
            passed
            detail
          }
        }
      }
    }
  }
}
    fragment PluginEntry on Plugin {
  id
  name
  providerType
  description
  author
  version
  license
  homepage
  repository
  documentationUrl
  verified
  category
  tags
  screenshots
  publishedAt
  updatedAt
  qualityScore
  tested
  capabilities {
    streaming
    functionCalling
    vision
    embeddings
    fineTuning
    custom {
      name
      enabled
    }
  }
  install {
    type
    manifestUrl
    dockerImage
  }
  stats {
    downloads
    rating
    ratingCount
  }
}`) as unknown as TypedDocumentString<PluginDetailQuery, PluginDetailQueryVariables>;
export const PluginRequirementsDocument = new TypedDocumentString(`
    query PluginRequirements($id: ID!, $first: Int, $after: String) {
  plugin(id: $id) {
    id
    versions(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        version
        prerelease
        yankedReason
        sha256
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
  }
}
    `) as unknown as TypedDocumentString<PluginRequirementsQuery, PluginRequirementsQueryVariables>;
export const PluginDependentsDocument = new TypedDocumentString(`
    query PluginDependents($id: ID!, $first: Int, $after: String) {
  plugin(id: $id) {
    id
    dependents(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        pluginId
        version
        range
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginDependentsQuery, PluginDependentsQueryVariables>;
export const PluginVersionsDocument = new TypedDocumentString(`
    query PluginVersions($id: ID!, $first: Int, $after: String) {
  plugin(id: $id) {
    id
    version
    versions(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        version
        prerelease
        yankedReason
        sha256
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PluginVersionsQuery, PluginVersionsQueryVariables>;
export const PluginPeopleDocument = new TypedDocumentString(`
    query PluginPeople($id: ID!) {
  plugin(id: $id) {
    ...PluginPeople
  }
}
    fragment PluginPeople on Plugin {
  id
  owner {
    username
  }
  maintainers {
    username
  }
}`) as unknown as TypedDocumentString<PluginPeopleQuery, PluginPeopleQueryVariables>;
export const YankVersionDocument = new TypedDocumentString(`
    mutation YankVersion($pluginId: ID!, $version: String!, $reason: String!) {
  yankVersion(pluginId: $pluginId, version: $version, reason: $reason) {
    ...VersionState
    warnings
  }
}
    fragment VersionState on PluginVersion {
  version
  yankedReason
}`) as unknown as TypedDocumentString<YankVersionMutation, YankVersionMutationVariables>;
export const UnyankVersionDocument = new TypedDocumentString(`
    mutation UnyankVersion($pluginId: ID!, $version: String!) {
  unyankVersion(pluginId: $pluginId, version: $version) {
    ...VersionState
  }
}
    fragment VersionState on PluginVersion {
  version
  yankedReason
}`) as unknown as TypedDocumentString<UnyankVersionMutation, UnyankVersionMutationVariables>;
export const DeprecatePluginDocument = new TypedDocumentString(`
    mutation DeprecatePlugin($id: ID!, $message: String!, $replacement: String) {
  deprecatePlugin(id: $id, message: $message, replacement: $replacement) {
    id
    deprecated {
      message
      replacement
    }
  }
}
    `) as unknown as TypedDocumentString<DeprecatePluginMutation, DeprecatePluginMutationVariables>;
export const UndeprecatePluginDocument = new TypedDocumentString(`
    mutation UndeprecatePlugin($id: ID!) {
  undeprecatePlugin(id: $id) {
    id
    deprecated {
      message
      replacement
    }
  }
}
    `) as unknown as TypedDocumentString<UndeprecatePluginMutation, UndeprecatePluginMutationVariables>;
export const AddMaintainerDocument = new TypedDocumentString(`
    mutation AddMaintainer($pluginId: ID!, $username: String!) {
  addMaintainer(pluginId: $pluginId, username: $username) {
    ...PluginPeople
  }
}
    fragment PluginPeople on Plugin {
  id
  owner {
    username
  }
  maintainers {
    username
  }
}`) as unknown as TypedDocumentString<AddMaintainerMutation, AddMaintainerMutationVariables>;
export const RemoveMaintainerDocument = new TypedDocumentString(`
    mutation RemoveMaintainer($pluginId: ID!, $username: String!) {
  removeMaintainer(pluginId: $pluginId, username: $username) {
    ...PluginPeople
  }
}
    fragment PluginPeople on Plugin {
  id
  owner {
    username
  }
  maintainers {
    username
  }
}`) as unknown as TypedDocumentString<RemoveMaintainerMutation, RemoveMaintainerMutationVariables>;
export const TransferOwnershipDocument = new TypedDocumentString(`
    mutation TransferOwnership($pluginId: ID!, $username: String!) {
  transferOwnership(pluginId: $pluginId, username: $username) {
    ...PluginPeople
  }
}
    fragment PluginPeople on Plugin {
  id
  owner {
    username
  }
  maintainers {
    username
  }
}`) as unknown as TypedDocumentString<TransferOwnershipMutation, TransferOwnershipMutationVariables>;
export const MySubmissionsDocument = new TypedDocumentString(`
    query MySubmissions($status: SubmissionStatus, $first: Int, $after: String) {
  submissions(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...SubmissionSummary
    }
  }
}
    fragment SubmissionSummary on Submission {
  id
  pluginId
  version
  status
  checksState
  notes
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<MySubmissionsQuery, MySubmissionsQueryVariables>;
export const WithdrawSubmissionDocument = new TypedDocumentString(`
    mutation WithdrawSubmission($id: ID!) {
  withdrawSubmission(id: $id) {
    ...SubmissionSummary
  }
}
    fragment SubmissionSummary on Submission {
  id
  pluginId
  version
  status
  checksState
  notes
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<WithdrawSubmissionMutation, WithdrawSubmissionMutationVariables>;
export const ResubmitPluginDocument = new TypedDocumentString(`
    mutation ResubmitPlugin($id: ID!, $submission: JSONObject!) {
  resubmitPlugin(id: $id, submission: $submission) {
    ...SubmissionSummary
  }
}
    fragment SubmissionSummary on Submission {
  id
  pluginId
  version
  status
  checksState
  notes
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ResubmitPluginMutation, ResubmitPluginMutationVariables>;
export const AccountDocument = new TypedDocumentString(`
    query Account {
  me {
    username
    displayName
    email
    role
    scopes
    apiKeys {
      ...ApiKeyFacts
    }
  }
}
    fragment ApiKeyFacts on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<AccountQuery, AccountQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($name: String, $scopes: [String!], $expiresAt: DateTimeISO) {
  createApiKey(name: $name, scopes: $scopes, expiresAt: $expiresAt) {
    key
    apiKey {
      ...ApiKeyFacts
    }
  }
}
    fragment ApiKeyFacts on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    ...ApiKeyFacts
  }
}
    fragment ApiKeyFacts on ApiKey {
  id
  name
  prefix
  scopes
  createdAt
  expiresAt
  lastUsedAt
  revokedAt
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const ReportPluginDocument = new TypedDocumentString(`
    mutation ReportPlugin($input: ReportPluginInput!) {
  reportPlugin(input: $input) {
    report {
      ...ReportFields
    }
    statusToken
  }
}
    fragment ReportFields on PluginReport {
  id
  pluginId
  kind
  status
  details
  contact
  reporter
  note
  advisoryId
  createdAt
  handledAt
}`) as unknown as TypedDocumentString<ReportPluginMutation, ReportPluginMutationVariables>;
export const PluginReportsDocument = new TypedDocumentString(`
    query PluginReports($pluginId: ID) {
  pluginReports(pluginId: $pluginId) {
    ...ReportFields
  }
}
    fragment ReportFields on PluginReport {
  id
  pluginId
  kind
  status
  details
  contact
  reporter
  note
  advisoryId
  createdAt
  handledAt
}`) as unknown as TypedDocumentString<PluginReportsQuery, PluginReportsQueryVariables>;
export const MyReportsDocument = new TypedDocumentString(`
    query MyReports {
  myReports {
    ...ReportFields
  }
}
    fragment ReportFields on PluginReport {
  id
  pluginId
  kind
  status
  details
  contact
  reporter
  note
  advisoryId
  createdAt
  handledAt
}`) as unknown as TypedDocumentString<MyReportsQuery, MyReportsQueryVariables>;
export const RatePluginDocument = new TypedDocumentString(`
    mutation RatePlugin($id: ID!, $rating: Int!) {
  ratePlugin(id: $id, rating: $rating) {
    rating
    comment
    installed
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<RatePluginMutation, RatePluginMutationVariables>;
export const ReviewPluginDocument = new TypedDocumentString(`
    mutation ReviewPlugin($id: ID!, $rating: Int!, $comment: String!) {
  reviewPlugin(id: $id, rating: $rating, comment: $comment) {
    rating
    comment
    installed
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<ReviewPluginMutation, ReviewPluginMutationVariables>;
export const SearchPluginsDocument = new TypedDocumentString(`
    query SearchPlugins($search: String, $tags: [String!], $verified: Boolean, $category: Category, $capabilities: [Capability!], $minQuality: Int, $tested: Boolean, $sort: PluginSort, $first: Int, $after: String) {
  plugins(
    search: $search
    tags: $tags
    verified: $verified
    category: $category
    capabilities: $capabilities
    minQuality: $minQuality
    tested: $tested
    sort: $sort
    first: $first
    after: $after
  ) {
    totalCount
    didYouMean
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...PluginEntry
    }
  }
}
    fragment PluginEntry on Plugin {
  id
  name
  providerType
  description
  author
  version
  license
  homepage
  repository
  documentationUrl
  verified
  category
  tags
  screenshots
  publishedAt
  updatedAt
  qualityScore
  tested
  capabilities {
    streaming
    functionCalling
    vision
    embeddings
    fineTuning
    custom {
      name
      enabled
    }
  }
  install {
    type
    manifestUrl
    dockerImage
  }
  stats {
    downloads
    rating
    ratingCount
  }
}`) as unknown as TypedDocumentString<SearchPluginsQuery, SearchPluginsQueryVariables>;
export const SubmissionDocument = new TypedDocumentString(`
    query Submission($id: ID!) {
  submission(id: $id) {
    id
    pluginId
    version
    status
    checksState
    checks {
      name
      status
      message
    }
    notes
    reviewer {
      username
    }
    reviewedAt
    createdAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<SubmissionQuery, SubmissionQueryVariables>;
export const SubmitPluginDocument = new TypedDocumentString(`
    mutation SubmitPlugin($submission: JSONObject!, $idempotencyKey: String) {
  submitPlugin(submission: $submission, idempotencyKey: $idempotencyKey) {
    submissionId
    status
    message
    estimatedReviewTime
  }
}
    `) as unknown as TypedDocumentString<SubmitPluginMutation, SubmitPluginMutationVariables>;