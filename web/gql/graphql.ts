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

export type SettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsQuery = { me: { username: string, displayName: string, email: string, role: Role, scopes: Array<string>, apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<string>, session: boolean, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null }> } | null };

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

export type PluginAdvisoriesFragment = { version: string, advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind, summary: string, affected: string, patched: string | null, references: Array<string>, publishedAt: string }>, latestVersion: { version: string, advisories: Array<{ id: string }> } | null };

export type ResultAdvisoriesFragment = { latestVersion: { advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind }> } | null };

export type PluginPageQueryVariables = Exact<{
  id: string | number;
  reviewsAfter?: string | null | undefined;
}>;


export type PluginPageQuery = { plugin: { id: string, name: string, description: string, author: string, version: string, license: string, homepage: string, repository: string, documentationUrl: string | null, verified: boolean, category: Category, tags: Array<string>, providerType: string, publishedAt: string, updatedAt: string, installable: boolean, notInstallableReason: string | null, deprecated: { message: string, replacement: string | null } | null, owner: { username: string, displayName: string } | null, capabilities: { streaming: boolean, functionCalling: boolean, vision: boolean, embeddings: boolean, fineTuning: boolean, custom: Array<{ name: string, enabled: boolean }> }, latestVersion: { version: string, manifest: string, quality: { score: number, assessedAt: string, items: Array<{ id: string, label: string, passed: boolean, detail: string }> } | null, advisories: Array<{ id: string }> } | null, install: { manifestUrl: string, sha256: string, dockerImage: string | null }, stats: { downloads: number, downloadsLast30d: number, stars: number, rating: number, ratingCount: number, daily: Array<{ day: string, count: number }> }, versions: { totalCount: number, nodes: Array<{ version: string, publishedAt: string, changes: string, prerelease: boolean, yankedReason: string | null, sha256: string }> }, reviews: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, rating: number, comment: string, createdAt: string, installed: boolean, author: { username: string, displayName: string } | null }> }, advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind, summary: string, affected: string, patched: string | null, references: Array<string>, publishedAt: string }> } | null };

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


export type SearchPageQuery = { plugins: { totalCount: number, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, description: string, author: string, version: string, verified: boolean, category: Category, tags: Array<string>, providerType: string, qualityScore: number | null, tested: boolean, deprecated: { message: string } | null, stats: { downloads: number, rating: number, ratingCount: number, daily: Array<{ count: number }> }, latestVersion: { advisories: Array<{ id: string, severity: AdvisorySeverity, kind: AdvisoryKind }> } | null }> }, providerTypes: Array<{ value: string, count: number }> };

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
export const SettingsDocument = new TypedDocumentString(`
    query Settings {
  me {
    username
    displayName
    email
    role
    scopes
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
export const PluginPageDocument = new TypedDocumentString(`
    query PluginPage($id: ID!, $reviewsAfter: String) {
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
}`) as unknown as TypedDocumentString<PluginPageQuery, PluginPageQueryVariables>;
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