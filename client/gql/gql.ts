/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Me {\n  me {\n    username\n    role\n    scopes\n  }\n}": typeof types.MeDocument,
    "query PluginCommunity($id: ID!, $reviews: Int = 3) {\n  plugin(id: $id) {\n    id\n    viewerHasStarred\n    viewerReview {\n      id\n      rating\n      comment\n      hidden\n    }\n    stats {\n      stars\n      daily(days: 30) {\n        day\n        count\n      }\n    }\n    reviews(first: $reviews) {\n      totalCount\n      nodes {\n        id\n        rating\n        comment\n        createdAt\n        author {\n          username\n        }\n      }\n    }\n  }\n}\n\nmutation StarPlugin($id: ID!) {\n  starPlugin(id: $id) {\n    id\n    viewerHasStarred\n  }\n}\n\nmutation UnstarPlugin($id: ID!) {\n  unstarPlugin(id: $id) {\n    id\n    viewerHasStarred\n  }\n}": typeof types.PluginCommunityDocument,
    "query PluginDetail($id: ID!) {\n  plugin(id: $id) {\n    ...PluginEntry\n    deprecated {\n      message\n      replacement\n    }\n    stats {\n      downloadsLast30d\n    }\n    versions(first: 20) {\n      totalCount\n      nodes {\n        version\n        publishedAt\n        changes\n        prerelease\n        yankedReason\n        sha256\n      }\n    }\n  }\n}": typeof types.PluginDetailDocument,
    "fragment PluginEntry on Plugin {\n  id\n  name\n  providerType\n  description\n  author\n  version\n  license\n  homepage\n  repository\n  documentationUrl\n  verified\n  category\n  tags\n  screenshots\n  publishedAt\n  updatedAt\n  capabilities {\n    streaming\n    functionCalling\n    vision\n    embeddings\n    fineTuning\n    custom {\n      name\n      enabled\n    }\n  }\n  install {\n    type\n    manifestUrl\n    dockerImage\n  }\n  stats {\n    downloads\n    rating\n    ratingCount\n  }\n}": typeof types.PluginEntryFragmentDoc,
    "query PluginVersions($id: ID!, $first: Int, $after: String) {\n  plugin(id: $id) {\n    id\n    version\n    versions(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        version\n        prerelease\n        yankedReason\n        sha256\n      }\n    }\n  }\n}": typeof types.PluginVersionsDocument,
    "mutation RatePlugin($id: ID!, $rating: Int!) {\n  ratePlugin(id: $id, rating: $rating) {\n    rating\n    comment\n    installed\n    updatedAt\n  }\n}\n\nmutation ReviewPlugin($id: ID!, $rating: Int!, $comment: String!) {\n  reviewPlugin(id: $id, rating: $rating, comment: $comment) {\n    rating\n    comment\n    installed\n    updatedAt\n  }\n}": typeof types.RatePluginDocument,
    "query SearchPlugins($search: String, $tags: [String!], $verified: Boolean, $category: Category, $capabilities: [Capability!], $sort: PluginSort, $first: Int, $after: String) {\n  plugins(\n    search: $search\n    tags: $tags\n    verified: $verified\n    category: $category\n    capabilities: $capabilities\n    sort: $sort\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    didYouMean\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...PluginEntry\n    }\n  }\n}": typeof types.SearchPluginsDocument,
    "query Submission($id: ID!) {\n  submission(id: $id) {\n    id\n    pluginId\n    version\n    status\n    checksState\n    checks {\n      name\n      status\n      message\n    }\n    notes\n    reviewer {\n      username\n    }\n    reviewedAt\n    createdAt\n    updatedAt\n  }\n}": typeof types.SubmissionDocument,
    "mutation SubmitPlugin($submission: JSONObject!, $idempotencyKey: String) {\n  submitPlugin(submission: $submission, idempotencyKey: $idempotencyKey) {\n    submissionId\n    status\n    message\n    estimatedReviewTime\n  }\n}": typeof types.SubmitPluginDocument,
};
const documents: Documents = {
    "query Me {\n  me {\n    username\n    role\n    scopes\n  }\n}": types.MeDocument,
    "query PluginCommunity($id: ID!, $reviews: Int = 3) {\n  plugin(id: $id) {\n    id\n    viewerHasStarred\n    viewerReview {\n      id\n      rating\n      comment\n      hidden\n    }\n    stats {\n      stars\n      daily(days: 30) {\n        day\n        count\n      }\n    }\n    reviews(first: $reviews) {\n      totalCount\n      nodes {\n        id\n        rating\n        comment\n        createdAt\n        author {\n          username\n        }\n      }\n    }\n  }\n}\n\nmutation StarPlugin($id: ID!) {\n  starPlugin(id: $id) {\n    id\n    viewerHasStarred\n  }\n}\n\nmutation UnstarPlugin($id: ID!) {\n  unstarPlugin(id: $id) {\n    id\n    viewerHasStarred\n  }\n}": types.PluginCommunityDocument,
    "query PluginDetail($id: ID!) {\n  plugin(id: $id) {\n    ...PluginEntry\n    deprecated {\n      message\n      replacement\n    }\n    stats {\n      downloadsLast30d\n    }\n    versions(first: 20) {\n      totalCount\n      nodes {\n        version\n        publishedAt\n        changes\n        prerelease\n        yankedReason\n        sha256\n      }\n    }\n  }\n}": types.PluginDetailDocument,
    "fragment PluginEntry on Plugin {\n  id\n  name\n  providerType\n  description\n  author\n  version\n  license\n  homepage\n  repository\n  documentationUrl\n  verified\n  category\n  tags\n  screenshots\n  publishedAt\n  updatedAt\n  capabilities {\n    streaming\n    functionCalling\n    vision\n    embeddings\n    fineTuning\n    custom {\n      name\n      enabled\n    }\n  }\n  install {\n    type\n    manifestUrl\n    dockerImage\n  }\n  stats {\n    downloads\n    rating\n    ratingCount\n  }\n}": types.PluginEntryFragmentDoc,
    "query PluginVersions($id: ID!, $first: Int, $after: String) {\n  plugin(id: $id) {\n    id\n    version\n    versions(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        version\n        prerelease\n        yankedReason\n        sha256\n      }\n    }\n  }\n}": types.PluginVersionsDocument,
    "mutation RatePlugin($id: ID!, $rating: Int!) {\n  ratePlugin(id: $id, rating: $rating) {\n    rating\n    comment\n    installed\n    updatedAt\n  }\n}\n\nmutation ReviewPlugin($id: ID!, $rating: Int!, $comment: String!) {\n  reviewPlugin(id: $id, rating: $rating, comment: $comment) {\n    rating\n    comment\n    installed\n    updatedAt\n  }\n}": types.RatePluginDocument,
    "query SearchPlugins($search: String, $tags: [String!], $verified: Boolean, $category: Category, $capabilities: [Capability!], $sort: PluginSort, $first: Int, $after: String) {\n  plugins(\n    search: $search\n    tags: $tags\n    verified: $verified\n    category: $category\n    capabilities: $capabilities\n    sort: $sort\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    didYouMean\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...PluginEntry\n    }\n  }\n}": types.SearchPluginsDocument,
    "query Submission($id: ID!) {\n  submission(id: $id) {\n    id\n    pluginId\n    version\n    status\n    checksState\n    checks {\n      name\n      status\n      message\n    }\n    notes\n    reviewer {\n      username\n    }\n    reviewedAt\n    createdAt\n    updatedAt\n  }\n}": types.SubmissionDocument,
    "mutation SubmitPlugin($submission: JSONObject!, $idempotencyKey: String) {\n  submitPlugin(submission: $submission, idempotencyKey: $idempotencyKey) {\n    submissionId\n    status\n    message\n    estimatedReviewTime\n  }\n}": types.SubmitPluginDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    username\n    role\n    scopes\n  }\n}"): typeof import('./graphql.js').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PluginCommunity($id: ID!, $reviews: Int = 3) {\n  plugin(id: $id) {\n    id\n    viewerHasStarred\n    viewerReview {\n      id\n      rating\n      comment\n      hidden\n    }\n    stats {\n      stars\n      daily(days: 30) {\n        day\n        count\n      }\n    }\n    reviews(first: $reviews) {\n      totalCount\n      nodes {\n        id\n        rating\n        comment\n        createdAt\n        author {\n          username\n        }\n      }\n    }\n  }\n}\n\nmutation StarPlugin($id: ID!) {\n  starPlugin(id: $id) {\n    id\n    viewerHasStarred\n  }\n}\n\nmutation UnstarPlugin($id: ID!) {\n  unstarPlugin(id: $id) {\n    id\n    viewerHasStarred\n  }\n}"): typeof import('./graphql.js').PluginCommunityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PluginDetail($id: ID!) {\n  plugin(id: $id) {\n    ...PluginEntry\n    deprecated {\n      message\n      replacement\n    }\n    stats {\n      downloadsLast30d\n    }\n    versions(first: 20) {\n      totalCount\n      nodes {\n        version\n        publishedAt\n        changes\n        prerelease\n        yankedReason\n        sha256\n      }\n    }\n  }\n}"): typeof import('./graphql.js').PluginDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PluginEntry on Plugin {\n  id\n  name\n  providerType\n  description\n  author\n  version\n  license\n  homepage\n  repository\n  documentationUrl\n  verified\n  category\n  tags\n  screenshots\n  publishedAt\n  updatedAt\n  capabilities {\n    streaming\n    functionCalling\n    vision\n    embeddings\n    fineTuning\n    custom {\n      name\n      enabled\n    }\n  }\n  install {\n    type\n    manifestUrl\n    dockerImage\n  }\n  stats {\n    downloads\n    rating\n    ratingCount\n  }\n}"): typeof import('./graphql.js').PluginEntryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PluginVersions($id: ID!, $first: Int, $after: String) {\n  plugin(id: $id) {\n    id\n    version\n    versions(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        version\n        prerelease\n        yankedReason\n        sha256\n      }\n    }\n  }\n}"): typeof import('./graphql.js').PluginVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RatePlugin($id: ID!, $rating: Int!) {\n  ratePlugin(id: $id, rating: $rating) {\n    rating\n    comment\n    installed\n    updatedAt\n  }\n}\n\nmutation ReviewPlugin($id: ID!, $rating: Int!, $comment: String!) {\n  reviewPlugin(id: $id, rating: $rating, comment: $comment) {\n    rating\n    comment\n    installed\n    updatedAt\n  }\n}"): typeof import('./graphql.js').RatePluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchPlugins($search: String, $tags: [String!], $verified: Boolean, $category: Category, $capabilities: [Capability!], $sort: PluginSort, $first: Int, $after: String) {\n  plugins(\n    search: $search\n    tags: $tags\n    verified: $verified\n    category: $category\n    capabilities: $capabilities\n    sort: $sort\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    didYouMean\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...PluginEntry\n    }\n  }\n}"): typeof import('./graphql.js').SearchPluginsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Submission($id: ID!) {\n  submission(id: $id) {\n    id\n    pluginId\n    version\n    status\n    checksState\n    checks {\n      name\n      status\n      message\n    }\n    notes\n    reviewer {\n      username\n    }\n    reviewedAt\n    createdAt\n    updatedAt\n  }\n}"): typeof import('./graphql.js').SubmissionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitPlugin($submission: JSONObject!, $idempotencyKey: String) {\n  submitPlugin(submission: $submission, idempotencyKey: $idempotencyKey) {\n    submissionId\n    status\n    message\n    estimatedReviewTime\n  }\n}"): typeof import('./graphql.js').SubmitPluginDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
