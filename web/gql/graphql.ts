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

/** RELEVANCE needs `search`; without it, it sorts by downloads */
export type PluginSort =
  | 'DOWNLOADS'
  | 'NAME'
  /** The current version's quality score, highest first (tested first among equals, then downloads); plugins with no score last */
  | 'QUALITY'
  | 'RATING'
  | 'RELEVANCE'
  | 'UPDATED';

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

export type PluginPageQueryVariables = Exact<{
  id: string | number;
  reviewsAfter?: string | null | undefined;
  usedByAfter?: string | null | undefined;
}>;


export type PluginPageQuery = { plugin: { id: string, name: string, description: string, author: string, version: string, license: string, homepage: string, repository: string, documentationUrl: string | null, verified: boolean, category: Category, tags: Array<string>, providerType: string, publishedAt: string, updatedAt: string, installable: boolean, notInstallableReason: string | null, deprecated: { message: string, replacement: string | null } | null, owner: { username: string, displayName: string } | null, capabilities: { streaming: boolean, functionCalling: boolean, vision: boolean, embeddings: boolean, fineTuning: boolean, custom: Array<{ name: string, enabled: boolean }> }, latestVersion: { version: string, manifest: string, provides: Array<string>, dependencies: Array<{ pluginId: string, range: string, plugin: { name: string } | null }>, conflicts: Array<{ pluginId: string, range: string, plugin: { name: string } | null }>, quality: { score: number, assessedAt: string, items: Array<{ id: string, label: string, passed: boolean, detail: string }> } | null } | null, install: { manifestUrl: string, sha256: string, dockerImage: string | null }, stats: { downloads: number, downloadsLast30d: number, stars: number, rating: number, ratingCount: number, daily: Array<{ day: string, count: number }> }, versions: { totalCount: number, nodes: Array<{ version: string, publishedAt: string, changes: string, prerelease: boolean, yankedReason: string | null, sha256: string }> }, dependents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ pluginId: string, version: string, range: string, plugin: { name: string } | null }> }, reviews: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, rating: number, comment: string, createdAt: string, installed: boolean, author: { username: string, displayName: string } | null }> } } | null };

export type PageDependencyFragment = { pluginId: string, range: string, plugin: { name: string } | null };

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


export type SearchPageQuery = { plugins: { totalCount: number, didYouMean: string | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, description: string, author: string, version: string, verified: boolean, category: Category, tags: Array<string>, providerType: string, qualityScore: number | null, tested: boolean, deprecated: { message: string } | null, stats: { downloads: number, rating: number, ratingCount: number, daily: Array<{ count: number }> } }> }, providerTypes: Array<{ value: string, count: number }> };

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
export const PageDependencyFragmentDoc = new TypedDocumentString(`
    fragment PageDependency on Dependency {
  pluginId
  range
  plugin {
    name
  }
}
    `, {"fragmentName":"PageDependency"}) as unknown as TypedDocumentString<PageDependencyFragment, unknown>;
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
    query PluginPage($id: ID!, $reviewsAfter: String, $usedByAfter: String) {
  plugin(id: $id) {
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
    fragment PageDependency on Dependency {
  pluginId
  range
  plugin {
    name
  }
}`) as unknown as TypedDocumentString<PluginPageQuery, PluginPageQueryVariables>;
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
    `) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;