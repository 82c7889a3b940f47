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

export type SettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsQuery = { me: { username: string, displayName: string, email: string, role: Role, scopes: Array<string>, may: Array<string>, apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<string>, session: boolean, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null }> } | null };

export type SignUpMutationVariables = Exact<{
  username: string;
  displayName: string;
  email: string;
  password: string;
}>;


export type SignUpMutation = { signUp: { key: string } };

export type SignInMutationVariables = Exact<{
  login: string;
  password: string;
}>;


export type SignInMutation = { signIn: { key: string } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type CreateKeyMutationVariables = Exact<{
  name?: string | null | undefined;
  scopes?: Array<string> | string | null | undefined;
  expiresAt?: string | null | undefined;
}>;


export type CreateKeyMutation = { createApiKey: { key: string, apiKey: { name: string, prefix: string, scopes: Array<string>, expiresAt: string | null } } };

export type RevokeKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type DashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardQuery = { me: { username: string, plugins: Array<{ id: string, name: string, version: string, deprecated: { message: string } | null, owner: { username: string } | null, stats: { downloads: number, downloadsLast30d: number, stars: number, rating: number, ratingCount: number } }> } | null };

export type PluginDashboardQueryVariables = Exact<{
  id: string | number;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type PluginDashboardQuery = { me: { username: string } | null, plugin: { id: string, name: string, version: string, deprecated: { message: string, replacement: string | null } | null, owner: { username: string, displayName: string } | null, maintainers: Array<{ username: string, displayName: string }>, versions: { nodes: Array<{ version: string, publishedAt: string, prerelease: boolean, yankedReason: string | null }> } } | null, pluginAnalytics: { from: string, to: string, downloads: number, totalDownloads: number, activeInstalls: number, daily: Array<{ day: string, count: number }>, monthly: Array<{ month: string, count: number }>, versions: Array<{ key: string, count: number }>, installsByVersion: Array<{ key: string, count: number }>, countries: Array<{ key: string, count: number }>, errorRate: { requests: number, errors: number, rate: number }, ratingTrend: Array<{ month: string, average: number, count: number }> } };

export type YankVersionMutationVariables = Exact<{
  pluginId: string | number;
  version: string;
  reason: string;
}>;


export type YankVersionMutation = { yankVersion: { version: string, yankedReason: string | null } };

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

export type DeviceAuthorizationFieldsFragment = { userCode: string, clientId: string, clientName: string, scopes: Array<string>, withheldScopes: Array<string>, scopesRequested: boolean, requestedFrom: string, requestedAt: string, expiresAt: string, status: string };

export type DevicePageQueryVariables = Exact<{
  userCode: string;
}>;


export type DevicePageQuery = { deviceAuthorization: { userCode: string, clientId: string, clientName: string, scopes: Array<string>, withheldScopes: Array<string>, scopesRequested: boolean, requestedFrom: string, requestedAt: string, expiresAt: string, status: string } };

export type DecideDeviceMutationVariables = Exact<{
  userCode: string;
  approve: boolean;
}>;


export type DecideDeviceMutation = { decideDeviceAuthorization: { userCode: string, clientId: string, clientName: string, scopes: Array<string>, withheldScopes: Array<string>, scopesRequested: boolean, requestedFrom: string, requestedAt: string, expiresAt: string, status: string } };

export type PluginAdvisoriesFragment = { version: string, advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind, summary: string, affected: string, patched: string | null, references: Array<string>, publishedAt: string }>, latestVersion: { version: string, advisories: Array<{ id: string }> } | null };

export type ResultAdvisoriesFragment = { latestVersion: { advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind }> } | null };

export type PluginPageQueryVariables = Exact<{
  id: string | number;
  reviewsAfter?: string | null | undefined;
  usedByAfter?: string | null | undefined;
}>;


export type PluginPageQuery = { plugin: { id: string, name: string, description: string, author: string, version: string, license: string, homepage: string, repository: string, documentationUrl: string | null, verified: boolean, category: Category, tags: Array<string>, providerType: string, publishedAt: string, updatedAt: string, installable: boolean, notInstallableReason: string | null, deprecated: { message: string, replacement: string | null } | null, owner: { username: string, displayName: string } | null, capabilities: { streaming: boolean, functionCalling: boolean, vision: boolean, embeddings: boolean, fineTuning: boolean, custom: Array<{ name: string, enabled: boolean }> }, latestVersion: { version: string, manifest: string, provides: Array<string>, dependencies: Array<{ pluginId: string, range: string, plugin: { name: string } | null }>, conflicts: Array<{ pluginId: string, range: string, plugin: { name: string } | null }>, quality: { score: number, assessedAt: string, items: Array<{ id: string, label: string, passed: boolean, detail: string }> } | null, advisories: Array<{ id: string }> } | null, install: { manifestUrl: string, sha256: string, dockerImage: string | null }, stats: { downloads: number, downloadsLast30d: number, stars: number, rating: number, ratingCount: number, daily: Array<{ day: string, count: number }> }, versions: { totalCount: number, nodes: Array<{ version: string, publishedAt: string, changes: string, prerelease: boolean, yankedReason: string | null, sha256: string }> }, dependents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ pluginId: string, version: string, range: string, plugin: { name: string } | null }> }, reviews: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, rating: number, comment: string, createdAt: string, installed: boolean, author: { username: string, displayName: string } | null }> }, advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind, summary: string, affected: string, patched: string | null, references: Array<string>, publishedAt: string }> } | null };

export type PageDependencyFragment = { pluginId: string, range: string, plugin: { name: string } | null };

export type PluginViewerQueryVariables = Exact<{
  id: string | number;
}>;


export type PluginViewerQuery = { plugin: { id: string, viewerHasStarred: boolean, viewerCanPublish: boolean, viewerReview: { rating: number, comment: string, hidden: boolean } | null } | null };

export type StarPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type StarPluginMutation = { starPlugin: { id: string } };

export type UnstarPluginMutationVariables = Exact<{
  id: string | number;
}>;


export type UnstarPluginMutation = { unstarPlugin: { id: string } };

export type ReviewPluginMutationVariables = Exact<{
  id: string | number;
  rating: number;
  comment: string;
}>;


export type ReviewPluginMutation = { reviewPlugin: { id: string } };

export type ReportRowFragment = { id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null };

export type FileReportMutationVariables = Exact<{
  input: ReportPluginInput;
}>;


export type FileReportMutation = { reportPlugin: { statusToken: string | null, report: { id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null } } };

export type ReportsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type ReportsPageQuery = { me: { username: string } | null, myReports: Array<{ id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null }>, pluginReports: Array<{ id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null }> };

export type ReportStatusQueryVariables = Exact<{
  id: string | number;
  token?: string | null | undefined;
}>;


export type ReportStatusQuery = { report: { id: string, pluginId: string, kind: ReportKind, status: ReportStatus, details: string, contact: string | null, reporter: string | null, note: string | null, advisoryId: string | null, createdAt: string, handledAt: string | null } };

export type CloseReportFormMutationVariables = Exact<{
  id: string | number;
  note: string;
}>;


export type CloseReportFormMutation = { closeReport: { id: string } };

export type ReportAdvisoryFormMutationVariables = Exact<{
  id: string | number;
  input: ReportAdvisoryInput;
}>;


export type ReportAdvisoryFormMutation = { reportToAdvisory: { id: string, advisoryId: string | null } };

export type SearchPageQueryVariables = Exact<{
  search?: string | null | undefined;
  sort?: PluginSort | null | undefined;
  verified?: boolean | null | undefined;
  tested?: boolean | null | undefined;
  category?: Category | null | undefined;
  capabilities?: Array<Capability> | Capability | null | undefined;
  providerType?: string | null | undefined;
  tags?: Array<string> | string | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchPageQuery = { plugins: { totalCount: number, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, description: string, author: string, version: string, verified: boolean, category: Category, tags: Array<string>, providerType: string, qualityScore: number | null, tested: boolean, deprecated: { message: string } | null, stats: { downloads: number, rating: number, ratingCount: number, daily: Array<{ count: number }> }, latestVersion: { advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind }> } | null }> }, providerTypes: Array<{ value: string, count: number }>, categories: Array<{ value: string, count: number }>, tags: Array<{ value: string, count: number }> };

export type StaffViewerFragment = { username: string, role: Role, may: Array<string> };

export type ReviewQueueQueryVariables = Exact<{
  status?: SubmissionStatus | null | undefined;
  claimedBy?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type ReviewQueueQuery = { me: { username: string, role: Role, may: Array<string> } | null, submissions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, createdAt: string, updatedAt: string, submitter: { username: string }, reviewer: { username: string } | null, checks: Array<{ status: string }> }> } };

export type ReviewSubmissionQueryVariables = Exact<{
  id: string | number;
}>;


export type ReviewSubmissionQuery = { me: { username: string, role: Role, may: Array<string> } | null, submission: { id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, createdAt: string, updatedAt: string, reviewedAt: string | null, notes: string | null, payload: Record<string, unknown>, manifest: string | null, submitter: { username: string, displayName: string }, reviewer: { username: string } | null, checks: Array<{ name: string, status: string, message: string }>, conformance: { source: string, passed: boolean, finishedAt: string, endpoint: string, report: Record<string, unknown> } | null } | null };

export type PreviousVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type PreviousVersionQuery = { plugin: { id: string, version: string, versions: { nodes: Array<{ version: string, manifest: string }> } } | null };

export type ClaimSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type ClaimSubmissionMutation = { claimSubmission: { id: string, status: SubmissionStatus } };

export type UnclaimSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type UnclaimSubmissionMutation = { unclaimSubmission: { id: string, status: SubmissionStatus } };

export type ApproveSubmissionMutationVariables = Exact<{
  id: string | number;
  notes?: string | null | undefined;
}>;


export type ApproveSubmissionMutation = { approveSubmission: { id: string, status: SubmissionStatus } };

export type RejectSubmissionMutationVariables = Exact<{
  id: string | number;
  notes: string;
}>;


export type RejectSubmissionMutation = { rejectSubmission: { id: string, status: SubmissionStatus } };

export type RequestChangesMutationVariables = Exact<{
  id: string | number;
  notes: string;
}>;


export type RequestChangesMutation = { requestChanges: { id: string, status: SubmissionStatus } };

export type ModerationQueueQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ModerationQueueQuery = { me: { username: string, role: Role, may: Array<string> } | null, moderationQueue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, pluginId: string, rating: number, comment: string, createdAt: string, hidden: boolean, hiddenReason: string | null, flagCount: number, author: { username: string } | null, reports: Array<{ reason: string, reporter: string, createdAt: string }> }> } };

export type HideReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type HideReviewMutation = { hideReview: { id: string, hidden: boolean } };

export type RestoreReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RestoreReviewMutation = { restoreReview: { id: string, hidden: boolean } };

export type CuratePluginQueryVariables = Exact<{
  id: string | number;
}>;


export type CuratePluginQuery = { me: { username: string, role: Role, may: Array<string> } | null, plugin: { id: string, name: string, version: string, verified: boolean, category: Category, owner: { username: string } | null } | null };

export type SetVerifiedMutationVariables = Exact<{
  id: string | number;
  verified: boolean;
}>;


export type SetVerifiedMutation = { setVerified: { id: string, verified: boolean } };

export type SetCategoryMutationVariables = Exact<{
  id: string | number;
  category: Category;
}>;


export type SetCategoryMutation = { setCategory: { id: string, category: Category } };

export type AuditLogQueryVariables = Exact<{
  target?: string | null | undefined;
  actor?: string | null | undefined;
  action?: string | null | undefined;
  since?: string | null | undefined;
  until?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { me: { username: string, role: Role, may: Array<string> } | null, auditLog: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, action: string, target: string, details: Record<string, unknown>, createdAt: string, actor: { username: string } | null }> } };

export type StaffViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type StaffViewerQuery = { me: { username: string, role: Role, may: Array<string> } | null };

export type ValidateSubmissionQueryVariables = Exact<{
  submission: Record<string, unknown>;
}>;


export type ValidateSubmissionQuery = { validateSubmission: Array<{ field: string, message: string }> };

export type SubmitPluginMutationVariables = Exact<{
  submission: Record<string, unknown>;
}>;


export type SubmitPluginMutation = { submitPlugin: { submissionId: string, status: SubmissionStatus } };

export type MySubmissionsQueryVariables = Exact<{ [key: string]: never; }>;


export type MySubmissionsQuery = { me: { username: string } | null, submissions: { totalCount: number, nodes: Array<{ id: string, pluginId: string, version: string, status: SubmissionStatus, checksState: ChecksState, createdAt: string, updatedAt: string }> } };

export type SubmissionPageQueryVariables = Exact<{
  id: string | number;
}>;


export type SubmissionPageQuery = { me: { username: string } | null, submission: { id: string, pluginId: string, version: string, status: SubmissionStatus, payload: Record<string, unknown>, checksState: ChecksState, notes: string | null, createdAt: string, updatedAt: string, reviewedAt: string | null, checks: Array<{ name: string, status: string, message: string }>, conformance: { source: string, passed: boolean, finishedAt: string, endpoint: string, report: Record<string, unknown> } | null, submitter: { username: string }, reviewer: { username: string } | null, history: Array<{ action: string, at: string, by: string | null, notes: string | null }> } | null };

export type ResubmitPluginMutationVariables = Exact<{
  id: string | number;
  submission: Record<string, unknown>;
}>;


export type ResubmitPluginMutation = { resubmitPlugin: { id: string, status: SubmissionStatus } };

export type WithdrawSubmissionMutationVariables = Exact<{
  id: string | number;
}>;


export type WithdrawSubmissionMutation = { withdrawSubmission: { id: string, status: SubmissionStatus } };

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
export const DeviceAuthorizationFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeviceAuthorizationFields on DeviceAuthorization {
  userCode
  clientId
  clientName
  scopes
  withheldScopes
  scopesRequested
  requestedFrom
  requestedAt
  expiresAt
  status
}
    `, {"fragmentName":"DeviceAuthorizationFields"}) as unknown as TypedDocumentString<DeviceAuthorizationFieldsFragment, unknown>;
export const PluginAdvisoriesFragmentDoc = new TypedDocumentString(`
    fragment PluginAdvisories on Plugin {
  version
  advisories {
    id
    severity
    kind
    summary
    affected
    patched
    references
    publishedAt
  }
  latestVersion {
    version
    advisories {
      id
    }
  }
}
    `, {"fragmentName":"PluginAdvisories"}) as unknown as TypedDocumentString<PluginAdvisoriesFragment, unknown>;
export const ResultAdvisoriesFragmentDoc = new TypedDocumentString(`
    fragment ResultAdvisories on Plugin {
  latestVersion {
    advisories {
      id
      severity
      kind
    }
  }
}
    `, {"fragmentName":"ResultAdvisories"}) as unknown as TypedDocumentString<ResultAdvisoriesFragment, unknown>;
export const PageDependencyFragmentDoc = new TypedDocumentString(`
    fragment PageDependency on Dependency {
  pluginId
  range
  plugin {
    name
  }
}
    `, {"fragmentName":"PageDependency"}) as unknown as TypedDocumentString<PageDependencyFragment, unknown>;
export const ReportRowFragmentDoc = new TypedDocumentString(`
    fragment ReportRow on PluginReport {
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
    `, {"fragmentName":"ReportRow"}) as unknown as TypedDocumentString<ReportRowFragment, unknown>;
export const StaffViewerFragmentDoc = new TypedDocumentString(`
    fragment StaffViewer on Account {
  username
  role
  may
}
    `, {"fragmentName":"StaffViewer"}) as unknown as TypedDocumentString<StaffViewerFragment, unknown>;
export const SettingsDocument = new TypedDocumentString(`
    query Settings {
  me {
    username
    displayName
    email
    role
    scopes
    may
    apiKeys {
      id
      name
      prefix
      scopes
      session
      createdAt
      expiresAt
      revokedAt
      lastUsedAt
    }
  }
}
    `) as unknown as TypedDocumentString<SettingsQuery, SettingsQueryVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($username: String!, $displayName: String!, $email: String!, $password: String!) {
  signUp(
    username: $username
    displayName: $displayName
    email: $email
    password: $password
  ) {
    key
  }
}
    `) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($login: String!, $password: String!) {
  signIn(login: $login, password: $password) {
    key
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const CreateKeyDocument = new TypedDocumentString(`
    mutation CreateKey($name: String, $scopes: [String!], $expiresAt: DateTimeISO) {
  createApiKey(name: $name, scopes: $scopes, expiresAt: $expiresAt) {
    key
    apiKey {
      name
      prefix
      scopes
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateKeyMutation, CreateKeyMutationVariables>;
export const RevokeKeyDocument = new TypedDocumentString(`
    mutation RevokeKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeKeyMutation, RevokeKeyMutationVariables>;
export const DashboardDocument = new TypedDocumentString(`
    query Dashboard {
  me {
    username
    plugins {
      id
      name
      version
      deprecated {
        message
      }
      owner {
        username
      }
      stats {
        downloads
        downloadsLast30d
        stars
        rating
        ratingCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const PluginDashboardDocument = new TypedDocumentString(`
    query PluginDashboard($id: ID!, $from: String, $to: String) {
  me {
    username
  }
  plugin(id: $id) {
    id
    name
    version
    deprecated {
      message
      replacement
    }
    owner {
      username
      displayName
    }
    maintainers {
      username
      displayName
    }
    versions(first: 100) {
      nodes {
        version
        publishedAt
        prerelease
        yankedReason
      }
    }
  }
  pluginAnalytics(id: $id, from: $from, to: $to) {
    from
    to
    downloads
    totalDownloads
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
    activeInstalls
    installsByVersion {
      key
      count
    }
    countries {
      key
      count
    }
    errorRate {
      requests
      errors
      rate
    }
    ratingTrend {
      month
      average
      count
    }
  }
}
    `) as unknown as TypedDocumentString<PluginDashboardQuery, PluginDashboardQueryVariables>;
export const YankVersionDocument = new TypedDocumentString(`
    mutation YankVersion($pluginId: ID!, $version: String!, $reason: String!) {
  yankVersion(pluginId: $pluginId, version: $version, reason: $reason) {
    version
    yankedReason
  }
}
    `) as unknown as TypedDocumentString<YankVersionMutation, YankVersionMutationVariables>;
export const UnyankVersionDocument = new TypedDocumentString(`
    mutation UnyankVersion($pluginId: ID!, $version: String!) {
  unyankVersion(pluginId: $pluginId, version: $version) {
    version
    yankedReason
  }
}
    `) as unknown as TypedDocumentString<UnyankVersionMutation, UnyankVersionMutationVariables>;
export const DeprecatePluginDocument = new TypedDocumentString(`
    mutation DeprecatePlugin($id: ID!, $message: String!, $replacement: String) {
  deprecatePlugin(id: $id, message: $message, replacement: $replacement) {
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
export const DevicePageDocument = new TypedDocumentString(`
    query DevicePage($userCode: String!) {
  deviceAuthorization(userCode: $userCode) {
    ...DeviceAuthorizationFields
  }
}
    fragment DeviceAuthorizationFields on DeviceAuthorization {
  userCode
  clientId
  clientName
  scopes
  withheldScopes
  scopesRequested
  requestedFrom
  requestedAt
  expiresAt
  status
}`) as unknown as TypedDocumentString<DevicePageQuery, DevicePageQueryVariables>;
export const DecideDeviceDocument = new TypedDocumentString(`
    mutation DecideDevice($userCode: String!, $approve: Boolean!) {
  decideDeviceAuthorization(userCode: $userCode, approve: $approve) {
    ...DeviceAuthorizationFields
  }
}
    fragment DeviceAuthorizationFields on DeviceAuthorization {
  userCode
  clientId
  clientName
  scopes
  withheldScopes
  scopesRequested
  requestedFrom
  requestedAt
  expiresAt
  status
}`) as unknown as TypedDocumentString<DecideDeviceMutation, DecideDeviceMutationVariables>;
export const PluginPageDocument = new TypedDocumentString(`
    query PluginPage($id: ID!, $reviewsAfter: String, $usedByAfter: String) {
  plugin(id: $id) {
    ...PluginAdvisories
    id
    name
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
    providerType
    publishedAt
    updatedAt
    installable
    notInstallableReason
    deprecated {
      message
      replacement
    }
    owner {
      username
      displayName
    }
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
    latestVersion {
      version
      manifest
      dependencies {
        ...PageDependency
      }
      conflicts {
        ...PageDependency
      }
      provides
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
    install {
      manifestUrl
      sha256
      dockerImage
    }
    stats {
      downloads
      downloadsLast30d
      stars
      rating
      ratingCount
      daily(days: 30) {
        day
        count
      }
    }
    versions(first: 100) {
      totalCount
      nodes {
        version
        publishedAt
        changes
        prerelease
        yankedReason
        sha256
      }
    }
    dependents(first: 20, after: $usedByAfter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        pluginId
        version
        range
        plugin {
          name
        }
      }
    }
    reviews(first: 10, after: $reviewsAfter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        rating
        comment
        createdAt
        installed
        author {
          username
          displayName
        }
      }
    }
  }
}
    fragment PluginAdvisories on Plugin {
  version
  advisories {
    id
    severity
    kind
    summary
    affected
    patched
    references
    publishedAt
  }
  latestVersion {
    version
    advisories {
      id
    }
  }
}
fragment PageDependency on Dependency {
  pluginId
  range
  plugin {
    name
  }
}`) as unknown as TypedDocumentString<PluginPageQuery, PluginPageQueryVariables>;
export const PluginViewerDocument = new TypedDocumentString(`
    query PluginViewer($id: ID!) {
  plugin(id: $id) {
    id
    viewerHasStarred
    viewerCanPublish
    viewerReview {
      rating
      comment
      hidden
    }
  }
}
    `) as unknown as TypedDocumentString<PluginViewerQuery, PluginViewerQueryVariables>;
export const StarPluginDocument = new TypedDocumentString(`
    mutation StarPlugin($id: ID!) {
  starPlugin(id: $id) {
    id
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
export const ReviewPluginDocument = new TypedDocumentString(`
    mutation ReviewPlugin($id: ID!, $rating: Int!, $comment: String!) {
  reviewPlugin(id: $id, rating: $rating, comment: $comment) {
    id
  }
}
    `) as unknown as TypedDocumentString<ReviewPluginMutation, ReviewPluginMutationVariables>;
export const FileReportDocument = new TypedDocumentString(`
    mutation FileReport($input: ReportPluginInput!) {
  reportPlugin(input: $input) {
    report {
      ...ReportRow
    }
    statusToken
  }
}
    fragment ReportRow on PluginReport {
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
}`) as unknown as TypedDocumentString<FileReportMutation, FileReportMutationVariables>;
export const ReportsPageDocument = new TypedDocumentString(`
    query ReportsPage {
  me {
    username
  }
  myReports {
    ...ReportRow
  }
  pluginReports {
    ...ReportRow
  }
}
    fragment ReportRow on PluginReport {
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
}`) as unknown as TypedDocumentString<ReportsPageQuery, ReportsPageQueryVariables>;
export const ReportStatusDocument = new TypedDocumentString(`
    query ReportStatus($id: ID!, $token: String) {
  report(id: $id, token: $token) {
    ...ReportRow
  }
}
    fragment ReportRow on PluginReport {
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
}`) as unknown as TypedDocumentString<ReportStatusQuery, ReportStatusQueryVariables>;
export const CloseReportFormDocument = new TypedDocumentString(`
    mutation CloseReportForm($id: ID!, $note: String!) {
  closeReport(id: $id, note: $note) {
    id
  }
}
    `) as unknown as TypedDocumentString<CloseReportFormMutation, CloseReportFormMutationVariables>;
export const ReportAdvisoryFormDocument = new TypedDocumentString(`
    mutation ReportAdvisoryForm($id: ID!, $input: ReportAdvisoryInput!) {
  reportToAdvisory(id: $id, input: $input) {
    id
    advisoryId
  }
}
    `) as unknown as TypedDocumentString<ReportAdvisoryFormMutation, ReportAdvisoryFormMutationVariables>;
export const SearchPageDocument = new TypedDocumentString(`
    query SearchPage($search: String, $sort: PluginSort, $verified: Boolean, $tested: Boolean, $category: Category, $capabilities: [Capability!], $providerType: String, $tags: [String!], $after: String) {
  plugins(
    search: $search
    sort: $sort
    verified: $verified
    tested: $tested
    category: $category
    capabilities: $capabilities
    providerType: $providerType
    tags: $tags
    after: $after
    first: 20
  ) {
    totalCount
    didYouMean
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...ResultAdvisories
      id
      name
      description
      author
      version
      verified
      category
      tags
      providerType
      qualityScore
      tested
      deprecated {
        message
      }
      stats {
        downloads
        rating
        ratingCount
        daily(days: 30) {
          count
        }
      }
    }
  }
  providerTypes {
    value
    count
  }
  categories {
    value
    count
  }
  tags(first: 12) {
    value
    count
  }
}
    fragment ResultAdvisories on Plugin {
  latestVersion {
    advisories {
      id
      severity
      kind
    }
  }
}`) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;
export const ReviewQueueDocument = new TypedDocumentString(`
    query ReviewQueue($status: SubmissionStatus, $claimedBy: String, $after: String) {
  me {
    ...StaffViewer
  }
  submissions(status: $status, claimedBy: $claimedBy, first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      pluginId
      version
      status
      checksState
      createdAt
      updatedAt
      submitter {
        username
      }
      reviewer {
        username
      }
      checks {
        status
      }
    }
  }
}
    fragment StaffViewer on Account {
  username
  role
  may
}`) as unknown as TypedDocumentString<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const ReviewSubmissionDocument = new TypedDocumentString(`
    query ReviewSubmission($id: ID!) {
  me {
    ...StaffViewer
  }
  submission(id: $id) {
    id
    pluginId
    version
    status
    checksState
    createdAt
    updatedAt
    reviewedAt
    notes
    payload
    manifest
    submitter {
      username
      displayName
    }
    reviewer {
      username
    }
    checks {
      name
      status
      message
    }
    conformance {
      source
      passed
      finishedAt
      endpoint
      report
    }
  }
}
    fragment StaffViewer on Account {
  username
  role
  may
}`) as unknown as TypedDocumentString<ReviewSubmissionQuery, ReviewSubmissionQueryVariables>;
export const PreviousVersionDocument = new TypedDocumentString(`
    query PreviousVersion($id: ID!) {
  plugin(id: $id) {
    id
    version
    versions(first: 1) {
      nodes {
        version
        manifest
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PreviousVersionQuery, PreviousVersionQueryVariables>;
export const ClaimSubmissionDocument = new TypedDocumentString(`
    mutation ClaimSubmission($id: ID!) {
  claimSubmission(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ClaimSubmissionMutation, ClaimSubmissionMutationVariables>;
export const UnclaimSubmissionDocument = new TypedDocumentString(`
    mutation UnclaimSubmission($id: ID!) {
  unclaimSubmission(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<UnclaimSubmissionMutation, UnclaimSubmissionMutationVariables>;
export const ApproveSubmissionDocument = new TypedDocumentString(`
    mutation ApproveSubmission($id: ID!, $notes: String) {
  approveSubmission(id: $id, notes: $notes) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ApproveSubmissionMutation, ApproveSubmissionMutationVariables>;
export const RejectSubmissionDocument = new TypedDocumentString(`
    mutation RejectSubmission($id: ID!, $notes: String!) {
  rejectSubmission(id: $id, notes: $notes) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RejectSubmissionMutation, RejectSubmissionMutationVariables>;
export const RequestChangesDocument = new TypedDocumentString(`
    mutation RequestChanges($id: ID!, $notes: String!) {
  requestChanges(id: $id, notes: $notes) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RequestChangesMutation, RequestChangesMutationVariables>;
export const ModerationQueueDocument = new TypedDocumentString(`
    query ModerationQueue($after: String) {
  me {
    ...StaffViewer
  }
  moderationQueue(first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      pluginId
      rating
      comment
      createdAt
      hidden
      hiddenReason
      flagCount
      author {
        username
      }
      reports {
        reason
        reporter
        createdAt
      }
    }
  }
}
    fragment StaffViewer on Account {
  username
  role
  may
}`) as unknown as TypedDocumentString<ModerationQueueQuery, ModerationQueueQueryVariables>;
export const HideReviewDocument = new TypedDocumentString(`
    mutation HideReview($id: ID!, $reason: String!) {
  hideReview(id: $id, reason: $reason) {
    id
    hidden
  }
}
    `) as unknown as TypedDocumentString<HideReviewMutation, HideReviewMutationVariables>;
export const RestoreReviewDocument = new TypedDocumentString(`
    mutation RestoreReview($id: ID!, $reason: String!) {
  restoreReview(id: $id, reason: $reason) {
    id
    hidden
  }
}
    `) as unknown as TypedDocumentString<RestoreReviewMutation, RestoreReviewMutationVariables>;
export const CuratePluginDocument = new TypedDocumentString(`
    query CuratePlugin($id: ID!) {
  me {
    ...StaffViewer
  }
  plugin(id: $id) {
    id
    name
    version
    verified
    category
    owner {
      username
    }
  }
}
    fragment StaffViewer on Account {
  username
  role
  may
}`) as unknown as TypedDocumentString<CuratePluginQuery, CuratePluginQueryVariables>;
export const SetVerifiedDocument = new TypedDocumentString(`
    mutation SetVerified($id: ID!, $verified: Boolean!) {
  setVerified(pluginId: $id, verified: $verified) {
    id
    verified
  }
}
    `) as unknown as TypedDocumentString<SetVerifiedMutation, SetVerifiedMutationVariables>;
export const SetCategoryDocument = new TypedDocumentString(`
    mutation SetCategory($id: ID!, $category: Category!) {
  setCategory(pluginId: $id, category: $category) {
    id
    category
  }
}
    `) as unknown as TypedDocumentString<SetCategoryMutation, SetCategoryMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($target: String, $actor: String, $action: String, $since: DateTimeISO, $until: DateTimeISO, $after: String) {
  me {
    ...StaffViewer
  }
  auditLog(
    target: $target
    actor: $actor
    action: $action
    since: $since
    until: $until
    first: 50
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      action
      target
      details
      createdAt
      actor {
        username
      }
    }
  }
}
    fragment StaffViewer on Account {
  username
  role
  may
}`) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const StaffViewerDocument = new TypedDocumentString(`
    query StaffViewer {
  me {
    ...StaffViewer
  }
}
    fragment StaffViewer on Account {
  username
  role
  may
}`) as unknown as TypedDocumentString<StaffViewerQuery, StaffViewerQueryVariables>;
export const ValidateSubmissionDocument = new TypedDocumentString(`
    query ValidateSubmission($submission: JSONObject!) {
  validateSubmission(submission: $submission) {
    field
    message
  }
}
    `) as unknown as TypedDocumentString<ValidateSubmissionQuery, ValidateSubmissionQueryVariables>;
export const SubmitPluginDocument = new TypedDocumentString(`
    mutation SubmitPlugin($submission: JSONObject!) {
  submitPlugin(submission: $submission) {
    submissionId
    status
  }
}
    `) as unknown as TypedDocumentString<SubmitPluginMutation, SubmitPluginMutationVariables>;
export const MySubmissionsDocument = new TypedDocumentString(`
    query MySubmissions {
  me {
    username
  }
  submissions(mine: true, first: 100) {
    totalCount
    nodes {
      id
      pluginId
      version
      status
      checksState
      createdAt
      updatedAt
    }
  }
}
    `) as unknown as TypedDocumentString<MySubmissionsQuery, MySubmissionsQueryVariables>;
export const SubmissionPageDocument = new TypedDocumentString(`
    query SubmissionPage($id: ID!) {
  me {
    username
  }
  submission(id: $id) {
    id
    pluginId
    version
    status
    payload
    checksState
    checks {
      name
      status
      message
    }
    conformance {
      source
      passed
      finishedAt
      endpoint
      report
    }
    submitter {
      username
    }
    reviewer {
      username
    }
    notes
    history {
      action
      at
      by
      notes
    }
    createdAt
    updatedAt
    reviewedAt
  }
}
    `) as unknown as TypedDocumentString<SubmissionPageQuery, SubmissionPageQueryVariables>;
export const ResubmitPluginDocument = new TypedDocumentString(`
    mutation ResubmitPlugin($id: ID!, $submission: JSONObject!) {
  resubmitPlugin(id: $id, submission: $submission) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ResubmitPluginMutation, ResubmitPluginMutationVariables>;
export const WithdrawSubmissionDocument = new TypedDocumentString(`
    mutation WithdrawSubmission($id: ID!) {
  withdrawSubmission(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<WithdrawSubmissionMutation, WithdrawSubmissionMutationVariables>;