import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { Plugin, PluginMaintainer } from '../../server/modules/catalog/plugin.entity.js';
import { Role, User } from '../../server/modules/accounts/user.entity.js';
import { createTestApp, errorCode, type TestApp, type TypedDocument } from '../helpers/app.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';
import {
  AddMaintainerDocument, ApproveDeviceDocument, ApproveSubmissionDocument, AuditLogCountDocument, ClaimSubmissionDocument, CloseReportDocument,
  CreateApiKeyDocument, type CreateApiKeyMutationVariables, DeleteReviewDocument, DeprecatePluginDocument, DeviceAuthorizationDocument,
  DownloadManifestDocument, FlagReviewDocument, HideReviewDocument, HideReviewStateDocument, MeDocument, ModerationQueueCountDocument,
  ModerationQueueDocument, MyKeysDocument, MyReportsDocument, PendingSubmissionsDocument, PluginAnalyticsTotalDocument, PluginReportsDocument,
  PluginVersionDocument, RatePluginDocument, RejectSubmissionDocument, RemoveMaintainerDocument, ReportDocument, ReportToAdvisoryDocument,
  RequestChangesDocument, RestoreReviewDocument, RestoreReviewStateDocument, ResubmitPluginDocument, RevokeApiKeyDocument, ReviewPluginDocument,
  SetCategoryDocument, SetVerifiedDocument, StarPluginDocument, SubmissionPayloadDocument, SubmitPluginDocument, TransferOwnershipDocument,
  UnclaimSubmissionDocument, UndeprecatePluginDocument, UnstarPluginDocument, UnyankVersionDocument, ValidateSubmissionDocument,
  ViewerCanPublishDocument, WithdrawSubmissionDocument, YankVersionDocument,
} from '../gql/graphql.js';

type FullActor = 'anonymous' | 'user' | 'owner' | 'maintainer' | 'reviewer' | 'admin';
/**
 * Narrow keys: each role with each single scope it may hold (a user's one scope, publish, is its full key), and keys
 * with no scope of a plain user and of the owner, of the same users as the full-scope actors.
 */
const NARROW = {
  'user (no scope)': { of: 'user', scopes: [] },
  'owner (no scope)': { of: 'owner', scopes: [] },
  'reviewer (publish)': { of: 'reviewer', scopes: ['publish'] },
  'reviewer (review)': { of: 'reviewer', scopes: ['review'] },
  'admin (publish)': { of: 'admin', scopes: ['publish'] },
  'admin (review)': { of: 'admin', scopes: ['review'] },
  'admin (admin)': { of: 'admin', scopes: ['admin'] },
} as const satisfies Record<string, { of: FullActor; scopes: string[] }>;
type Narrow = keyof typeof NARROW;
type Actor = FullActor | Narrow;
const NARROW_ACTORS = Object.keys(NARROW) as Narrow[];
const ACTORS: Actor[] = ['anonymous', 'user', 'owner', 'maintainer', 'reviewer', 'admin', ...NARROW_ACTORS];
/** The user behind an actor's key. */
const userOf = (actor: Actor): FullActor => (actor in NARROW ? NARROW[actor as Narrow].of : (actor as FullActor));
/** NOT_LISTED: the list answered, without the subject; `false`: the field answered false. */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'NOT_LISTED' | 'false';

let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
const auth = {} as Record<Actor, Record<string, string>>;
let submitterAuth: Record<string, string>;
let criticAuth: Record<string, string>;
let counter = 0;
/** submission id → the plugin id it submits */
const submittedPlugin = new Map<string, string>();

/** A fresh plugin owned by `owner`, maintained by `maintainer`, with versions 1.0.0 and 1.1.0. */
const freshPlugin = () => pluginOf('the-owner', ['the-maintainer']);

/** Plugins made ahead and not yet handed out, by their owner and maintainers. */
const madeAhead = new Map<string, string[]>();
/** Made at a time: one import and one flush for many of the matrix's ~900 subjects rather than one each. */
const MADE_AT_ONCE = 40;

/** A fresh plugin with versions 1.0.0 and 1.1.0, owned and maintained by these users. */
async function pluginOf(owner: string, maintainers: string[]): Promise<string> {
  const key = JSON.stringify([owner, maintainers]);
  const ready = madeAhead.get(key) ?? [];
  madeAhead.set(key, ready);
  if (ready.length === 0) ready.push(...(await makePlugins(owner, maintainers, MADE_AT_ONCE)));
  return ready.shift()!;
}

async function makePlugins(owner: string, maintainers: string[], count: number): Promise<string[]> {
  const entries = Array.from({ length: count }, () => {
    const id = `matrix-${++counter}`;
    return {
      id, name: `Matrix ${counter}`, provider_type: 'matrix', description: 'Authorization matrix subject', author: 'Test', version: '1.1.0', license: 'MIT',
      homepage: 'https://example.com', repository: 'https://example.com', install: { type: 'http', manifest_url: 'https://example.com/p.yaml' },
      versions: [{ version: '1.0.0', published_at: '2026-01-01T00:00:00Z' }, { version: '1.1.0', published_at: '2026-02-01T00:00:00Z' }],
    };
  });
  await new CatalogService().import(t.em(), { version: '1.0', plugins: entries });
  const em = t.em();
  const ownerUser = await em.findOneOrFail(User, { username: owner });
  const maintainerUsers = await Promise.all(maintainers.map((username) => em.findOneOrFail(User, { username })));
  for (const plugin of await em.find(Plugin, { id: entries.map((e) => e.id) })) {
    plugin.owner = ownerUser;
    for (const user of maintainerUsers) em.create(PluginMaintainer, { plugin, user });
  }
  await em.flush();
  return entries.map((e) => e.id);
}

/** A submission of a new plugin, checks done: by a separate user, or by `owner` (then the submitter). */
async function freshSubmission(by: Record<string, string> = submitterAuth): Promise<string> {
  const id = `sub-matrix-${++counter}`;
  const res = await t.graphql(SubmitPluginDocument, { submission: sampleSubmission(`${manifests.base}/ok.yaml`, { id }) }, by);
  await t.checksIdle();
  const submissionId = res.body.data!.submitPlugin.submissionId;
  submittedPlugin.set(submissionId, id);
  return submissionId;
}

/** A submission (by a separate user) that the reviewer claimed. */
async function claimedSubmission(): Promise<string> {
  const s = await freshSubmission();
  const res = await t.graphql('mutation($s: ID!) { claimSubmission(id: $s) { status } }', { s }, auth.reviewer);
  expect(res.body.errors).toBeUndefined();
  return s;
}

/** A submission by `owner` that a reviewer sent back: the subject of a resubmission. */
async function sentBackSubmission(): Promise<string> {
  const id = await freshSubmission(auth.owner);
  await t.graphql(RequestChangesDocument, { id, notes: 'add a changelog' }, auth.reviewer);
  return id;
}

/** A review of a fresh plugin by a separate user: the subject of flagging and moderation. */
async function criticsReview(): Promise<string> {
  const plugin = await freshPlugin();
  const res = await t.graphql(ReviewPluginDocument, { id: plugin, rating: 2, comment: 'meh' }, criticAuth);
  return res.body.data!.reviewPlugin.id;
}

/** A fresh plugin the actor has reviewed (where they may: owners and maintainers never review their own). */
async function reviewedBy(actor: Actor): Promise<string> {
  const plugin = await freshPlugin();
  const user = userOf(actor);
  if (['user', 'reviewer', 'admin'].includes(user)) await t.graphql(RatePluginDocument, { id: plugin, rating: 4 }, auth[user]);
  return plugin;
}

/** A critic's review that a moderator hid. */
async function hiddenReview(): Promise<string> {
  const id = await criticsReview();
  await t.graphql(HideReviewDocument, { id, reason: 'spam' }, auth.reviewer);
  return id;
}

/** Whether the caller's list of pending submissions (`mine`: of their own only) holds `subject`, paging through it. */
async function listed(subject: string, headers: Record<string, string>, mine = false): Promise<Outcome> {
  for (let offset = 0; ; offset += 100) {
    const res = await t.graphql(PendingSubmissionsDocument, { offset, mine }, headers);
    const code = errorCode(res) as Outcome | undefined;
    if (code) return code;
    const ids = res.body.data!.submissions.nodes.map((n) => n.id);
    if (ids.includes(subject)) return 'ok';
    if (ids.length < 100) return 'NOT_LISTED';
  }
}

/** A security report about a fresh plugin, filed by a separate user. */
async function criticsReport(): Promise<string> {
  const plugin = await freshPlugin();
  const res = await fetch(`${t.url}/api/v1/plugins/${plugin}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...criticAuth },
    body: JSON.stringify({ kind: 'security', details: 'Sends the API key to any host in a redirect.' }),
  });
  return ((await res.json()) as { report: { id: string } }).report.id;
}

/** An API key of `owner`'s. */
async function ownersKey(): Promise<string> {
  const res = await t.graphql(CreateApiKeyDocument, { name: 'spare' }, auth.owner);
  return res.body.data!.createApiKey.apiKey.id;
}

/** A device login's user code, waiting for approval (RFC 8628). */
async function deviceCode(): Promise<string> {
  const started = await t.app.services.devices.start(t.em(), { user: null, key: null, ip: `10.1.0.${++counter % 250}` }, { clientId: 'loom-cli' });
  return started.userCode;
}

interface Operation {
  name: string;
  setup: (actor: Actor) => Promise<string>;
  run: (subject: string, headers: Record<string, string>) => Promise<Outcome | string>;
  expect: Record<Actor, Outcome>;
}

/** A GraphQL operation of the matrix: a typed document (test/operations), or text for rows not yet given one. */
const gql = <R, V>(document: TypedDocument<R, V>, variables: (subject: string) => V) => async (subject: string, headers: Record<string, string>) => {
  const res = await t.graphql(document, variables(subject), headers);
  return (errorCode(res) as Outcome | undefined) ?? 'ok';
};
const rest = (method: string, path: (subject: string) => string, body?: (subject: string) => unknown) => async (subject: string, headers: Record<string, string>) => {
  const res = await fetch(`${t.url}${path(subject)}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body && JSON.stringify(body(subject)),
  });
  if (res.status < 300) return 'ok';
  const code = ((await res.json()) as { error: { code: string } }).error.code;
  // each refusal with its own HTTP status, or the outcome says which it came with
  return STATUS[code] === res.status ? code : `${code} (HTTP ${res.status})`;
};
const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };
const none = async () => '';

/** The narrow keys' outcomes: `ok` for those listed, `otherwise` for the rest, unless `other` says. */
const narrow = (ok: Narrow[], otherwise: Outcome = 'FORBIDDEN', other: Partial<Record<Narrow, Outcome>> = {}) =>
  Object.fromEntries(NARROW_ACTORS.map((a) => [a, other[a] ?? (ok.includes(a) ? 'ok' : otherwise)])) as Record<Narrow, Outcome>;
/** Keys with the publish scope: writing as yourself (reviews, stars, flags, submissions) and reading your own submissions. */
const PUBLISH_KEYS: Narrow[] = ['reviewer (publish)', 'admin (publish)'];
/** Keys with the review scope of reviewers and admins: the review queue, decisions, moderation. */
const REVIEW_KEYS: Narrow[] = ['reviewer (review)', 'admin (review)'];

const EVERYONE: Record<Actor, Outcome> = { anonymous: 'ok', user: 'ok', owner: 'ok', maintainer: 'ok', reviewer: 'ok', admin: 'ok', ...narrow(NARROW_ACTORS) };
/** Any signed-in caller whose key carries at least one scope. */
const ANY_SCOPED: Record<Actor, Outcome> = { ...EVERYONE, anonymous: 'UNAUTHENTICATED', ...narrow(NARROW_ACTORS, 'FORBIDDEN', { 'user (no scope)': 'FORBIDDEN', 'owner (no scope)': 'FORBIDDEN' }) };
/** Any signed-in caller whose key carries the publish scope. */
const ANY_USER: Record<Actor, Outcome> = { ...EVERYONE, anonymous: 'UNAUTHENTICATED', ...narrow(PUBLISH_KEYS) };
const OWNERS: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'ok', maintainer: 'ok', reviewer: 'FORBIDDEN', admin: 'ok', ...narrow(['admin (admin)']) };
const OWNER_ONLY: Record<Actor, Outcome> = { ...OWNERS, maintainer: 'FORBIDDEN' };
const ADMINS: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'FORBIDDEN', maintainer: 'FORBIDDEN', reviewer: 'FORBIDDEN', admin: 'ok', ...narrow(['admin (admin)']) };
const REVIEWERS: Record<Actor, Outcome> = { ...ADMINS, reviewer: 'ok', ...narrow(REVIEW_KEYS) };
const PUBLISHERS: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'ok', maintainer: 'ok', reviewer: 'FORBIDDEN', admin: 'FORBIDDEN', ...narrow([]) };
/** Reviews are for a plugin's users, never its authors. */
const NOT_AUTHORS: Record<Actor, Outcome> = { ...ANY_USER, owner: 'FORBIDDEN', maintainer: 'FORBIDDEN' };
/** Deleting your review: authors never had one to delete. */
const OWN_REVIEW: Record<Actor, Outcome> = { ...ANY_USER, owner: 'NOT_FOUND', maintainer: 'NOT_FOUND' };
/** Owner's key, seen by somebody it does not concern: it does not exist for them; revoking your own takes no scope. */
const OWNER_OR_ADMIN_ELSE_HIDDEN: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', owner: 'ok', maintainer: 'NOT_FOUND', reviewer: 'NOT_FOUND', admin: 'ok',
  ...narrow(['owner (no scope)', 'admin (admin)'], 'NOT_FOUND', { 'admin (publish)': 'FORBIDDEN', 'admin (review)': 'FORBIDDEN' }),
};
/** Device logins are approved by a person signed in on the web (a browser session, test/web/device.test.ts), never with an API key. */
const BROWSER_SESSIONS_ONLY: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'FORBIDDEN', maintainer: 'FORBIDDEN', reviewer: 'FORBIDDEN', admin: 'FORBIDDEN', ...narrow([]) };
/**
 * A submission (here by `owner`): its submitter (with the publish scope), reviewers and admins (with the review
 * scope) see it; to anyone else it does not exist; a reviewer's or admin's key without the review scope is refused.
 */
const SUBMISSION_READERS: Record<Actor, Outcome> = {
  anonymous: 'NOT_FOUND', user: 'NOT_FOUND', owner: 'ok', maintainer: 'NOT_FOUND', reviewer: 'ok', admin: 'ok',
  ...narrow(REVIEW_KEYS, 'FORBIDDEN', { 'user (no scope)': 'NOT_FOUND' }),
};
/** Everyone's submissions (here one by a separate user) are listed to reviewers' and admins' keys with the review scope. */
const QUEUE_READERS: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED', user: 'NOT_LISTED', owner: 'NOT_LISTED', maintainer: 'NOT_LISTED', reviewer: 'ok', admin: 'ok',
  ...narrow(REVIEW_KEYS, 'FORBIDDEN', { 'reviewer (publish)': 'NOT_LISTED', 'admin (publish)': 'NOT_LISTED' }),
};
/** `submissions(mine: true)`: whoever may list submissions sees only their own there, reviewers and admins too. */
const OWN_SUBMISSIONS: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED', user: 'NOT_LISTED', owner: 'NOT_LISTED', maintainer: 'NOT_LISTED', reviewer: 'NOT_LISTED', admin: 'NOT_LISTED',
  ...narrow([], 'FORBIDDEN', { 'reviewer (publish)': 'NOT_LISTED', 'admin (publish)': 'NOT_LISTED', 'reviewer (review)': 'NOT_LISTED', 'admin (review)': 'NOT_LISTED' }),
};
/** Only the submitter (here `owner`) resubmits or withdraws; reviewers and admins see it but may not. */
const SUBMITTER: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', owner: 'ok', maintainer: 'NOT_FOUND', reviewer: 'FORBIDDEN', admin: 'FORBIDDEN', ...narrow([]) };
/** A hidden review is for moderators only (to flag it, a key with the publish scope too): to anyone else it does not exist. */
const HIDDEN_REVIEW: Record<Actor, Outcome> = { ...ANY_USER, user: 'NOT_FOUND', owner: 'NOT_FOUND', maintainer: 'NOT_FOUND', ...narrow([], 'FORBIDDEN', { 'reviewer (publish)': 'NOT_FOUND', 'admin (publish)': 'NOT_FOUND' }) };
/** Filing a report: anyone (anonymous with a contact address), a key with the publish scope when signed in. */
const REPORTERS: Record<Actor, Outcome> = { ...ANY_USER, anonymous: 'ok' };
/**
 * A security report (by a separate user): its plugin's owner and maintainers and admins handle it; to anyone else it
 * does not exist; a key of someone who would handle it but without the scope is refused. Writes first ask for a
 * key that may handle reports at all (the publish or admin scope).
 */
const REPORT_READERS: Record<Actor, Outcome> = {
  anonymous: 'UNAUTHENTICATED', user: 'NOT_FOUND', owner: 'ok', maintainer: 'ok', reviewer: 'NOT_FOUND', admin: 'ok',
  ...narrow(['admin (admin)'], 'FORBIDDEN', { 'user (no scope)': 'NOT_FOUND', 'reviewer (publish)': 'NOT_FOUND', 'reviewer (review)': 'NOT_FOUND' }),
};
const REPORT_HANDLERS: Record<Actor, Outcome> = { ...REPORT_READERS, ...narrow(['admin (admin)'], 'FORBIDDEN', { 'reviewer (publish)': 'NOT_FOUND' }) };
/** viewerCanPublish: the owner and maintainers, with a key that may publish. */
const CAN_PUBLISH: Record<Actor, Outcome> = { anonymous: 'false', user: 'false', owner: 'ok', maintainer: 'ok', reviewer: 'false', admin: 'false', ...narrow([], 'false') };

/** Variables naming the subject: a submission's, review's or plugin's id. */
const id = (subject: string) => ({ id: subject });
const pluginId = (subject: string) => ({ pluginId: subject });
const newVersion = (p: string) => sampleSubmission(`${manifests.base}/ok.yaml`, { id: p, version: '2.0.0' });
/** A corrected submission of the same plugin, with a new version. */
const resubmission = (s: string) => sampleSubmission(`${manifests.base}/ok.yaml`, { id: submittedPlugin.get(s), version: '1.0.1' });

const OPERATIONS: Operation[] = [
  // accounts
  { name: 'createApiKey', setup: none, run: gql(CreateApiKeyDocument, () => ({ name: 'x' })), expect: ANY_SCOPED },
  { name: 'createApiKey (review scope)', setup: none, run: gql(CreateApiKeyDocument, () => ({ scopes: ['review'] })), expect: REVIEWERS },
  { name: 'createApiKey (admin scope)', setup: none, run: gql(CreateApiKeyDocument, () => ({ scopes: ['admin'] })), expect: ADMINS },
  { name: 'revokeApiKey (owner\'s key)', setup: ownersKey, run: gql(RevokeApiKeyDocument, id), expect: OWNER_OR_ADMIN_ELSE_HIDDEN },
  { name: 'deviceAuthorization', setup: deviceCode, run: gql(DeviceAuthorizationDocument, (userCode) => ({ userCode })), expect: BROWSER_SESSIONS_ONLY },
  { name: 'decideDeviceAuthorization', setup: deviceCode, run: gql(ApproveDeviceDocument, (userCode) => ({ userCode })), expect: BROWSER_SESSIONS_ONLY },
  // owners' version control
  { name: 'yankVersion', setup: freshPlugin, run: gql(YankVersionDocument, (p) => ({ pluginId: p, version: '1.0.0', reason: 'broken' })), expect: OWNERS },
  { name: 'unyankVersion', setup: freshPlugin, run: gql(UnyankVersionDocument, (p) => ({ pluginId: p, version: '1.0.0' })), expect: OWNERS },
  { name: 'deprecatePlugin', setup: freshPlugin, run: gql(DeprecatePluginDocument, (p) => ({ id: p, message: 'use another' })), expect: OWNERS },
  { name: 'undeprecatePlugin', setup: freshPlugin, run: gql(UndeprecatePluginDocument, id), expect: OWNERS },
  { name: 'addMaintainer', setup: freshPlugin, run: gql(AddMaintainerDocument, (p) => ({ pluginId: p, username: 'plain-user' })), expect: OWNER_ONLY },
  { name: 'removeMaintainer', setup: freshPlugin, run: gql(RemoveMaintainerDocument, (p) => ({ pluginId: p, username: 'the-maintainer' })), expect: OWNER_ONLY },
  { name: 'transferOwnership', setup: freshPlugin, run: gql(TransferOwnershipDocument, (p) => ({ pluginId: p, username: 'plain-user' })), expect: OWNER_ONLY },
  { name: 'pluginAnalytics', setup: freshPlugin, run: gql(PluginAnalyticsTotalDocument, id), expect: OWNERS },
  // admins
  { name: 'setVerified', setup: freshPlugin, run: gql(SetVerifiedDocument, (p) => ({ pluginId: p, verified: true })), expect: ADMINS },
  { name: 'setCategory', setup: freshPlugin, run: gql(SetCategoryDocument, (p) => ({ pluginId: p, category: 'OFFICIAL' as const })), expect: ADMINS },
  { name: 'auditLog', setup: none, run: gql(AuditLogCountDocument, () => ({})), expect: ADMINS },
  // submissions
  { name: 'submitPlugin (new plugin)', setup: async () => `matrix-new-${++counter}`, run: gql(SubmitPluginDocument, (p) => ({ submission: sampleSubmission(`${manifests.base}/ok.yaml`, { id: p }) })), expect: ANY_USER },
  { name: 'submitPlugin (new version of an existing plugin)', setup: freshPlugin, run: gql(SubmitPluginDocument, (p) => ({ submission: newVersion(p) })), expect: PUBLISHERS },
  { name: 'POST /api/v1/plugins (new version)', setup: freshPlugin, run: rest('POST', () => '/api/v1/plugins', newVersion), expect: PUBLISHERS },
  { name: 'GET /api/v1/submissions/:id', setup: () => freshSubmission(auth.owner), run: rest('GET', (s) => `/api/v1/submissions/${s}`), expect: SUBMISSION_READERS },
  { name: 'submission (with its contact email)', setup: () => freshSubmission(auth.owner), run: gql(SubmissionPayloadDocument, id), expect: SUBMISSION_READERS },
  { name: 'submissions (the queue: one by another user)', setup: () => freshSubmission(), run: listed, expect: QUEUE_READERS },
  { name: 'resubmitPlugin', setup: sentBackSubmission, run: gql(ResubmitPluginDocument, (s) => ({ id: s, submission: resubmission(s) })), expect: SUBMITTER },
  { name: 'submissions(mine) (one by another user)', setup: () => freshSubmission(), run: (s, h) => listed(s, h, true), expect: OWN_SUBMISSIONS },
  { name: 'submissions(mine) (owner\'s own)', setup: () => freshSubmission(auth.owner), run: (s, h) => listed(s, h, true), expect: { ...OWN_SUBMISSIONS, owner: 'ok' } },
  { name: 'validateSubmission (a dry run: no key needed)', setup: none, run: gql(ValidateSubmissionDocument, () => ({ submission: sampleSubmission('https://example.com/p.yaml') })), expect: EVERYONE },
  { name: 'PUT /api/v1/submissions/:id', setup: sentBackSubmission, run: rest('PUT', (s) => `/api/v1/submissions/${s}`, resubmission), expect: SUBMITTER },
  { name: 'withdrawSubmission (sent back)', setup: sentBackSubmission, run: gql(WithdrawSubmissionDocument, id), expect: SUBMITTER },
  { name: 'DELETE /api/v1/submissions/:id (pending)', setup: () => freshSubmission(auth.owner), run: rest('DELETE', (s) => `/api/v1/submissions/${s}`), expect: SUBMITTER },
  { name: 'claimSubmission', setup: () => freshSubmission(), run: gql(ClaimSubmissionDocument, id), expect: REVIEWERS },
  { name: 'approveSubmission', setup: () => freshSubmission(), run: gql(ApproveSubmissionDocument, id), expect: REVIEWERS },
  { name: 'rejectSubmission', setup: () => freshSubmission(), run: gql(RejectSubmissionDocument, (s) => ({ id: s, notes: 'no' })), expect: REVIEWERS },
  { name: 'requestChanges', setup: () => freshSubmission(), run: gql(RequestChangesDocument, (s) => ({ id: s, notes: 'fix' })), expect: REVIEWERS },
  { name: 'approveSubmission (of owner\'s own submission)', setup: () => freshSubmission(auth.owner), run: gql(ApproveSubmissionDocument, id), expect: { ...REVIEWERS, owner: 'FORBIDDEN' } },
  { name: 'unclaimSubmission (claimed by the reviewer)', setup: claimedSubmission, run: gql(UnclaimSubmissionDocument, (id) => ({ id })), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/unclaim', setup: claimedSubmission, run: rest('POST', (s) => `/api/v1/submissions/${s}/unclaim`, () => ({})), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/claim', setup: () => freshSubmission(), run: rest('POST', (s) => `/api/v1/submissions/${s}/claim`, () => ({})), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/approve', setup: () => freshSubmission(), run: rest('POST', (s) => `/api/v1/submissions/${s}/approve`, () => ({})), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/reject', setup: () => freshSubmission(), run: rest('POST', (s) => `/api/v1/submissions/${s}/reject`, () => ({ notes: 'no' })), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/request-changes', setup: () => freshSubmission(), run: rest('POST', (s) => `/api/v1/submissions/${s}/request-changes`, () => ({ notes: 'fix' })), expect: REVIEWERS },
  // reviews, stars and moderation
  { name: 'ratePlugin', setup: freshPlugin, run: gql(RatePluginDocument, (p) => ({ id: p, rating: 5 })), expect: NOT_AUTHORS },
  { name: 'reviewPlugin', setup: freshPlugin, run: gql(ReviewPluginDocument, (p) => ({ id: p, rating: 5, comment: 'great' })), expect: NOT_AUTHORS },
  { name: 'POST /api/v1/plugins/:id/reviews', setup: freshPlugin, run: rest('POST', (p) => `/api/v1/plugins/${p}/reviews`, () => ({ rating: 5, comment: 'great' })), expect: NOT_AUTHORS },
  { name: 'deleteReview (own)', setup: reviewedBy, run: gql(DeleteReviewDocument, pluginId), expect: ANY_USER },
  { name: 'DELETE /api/v1/plugins/:id/reviews (own)', setup: reviewedBy, run: rest('DELETE', (p) => `/api/v1/plugins/${p}/reviews`), expect: OWN_REVIEW },
  { name: 'flagReview', setup: criticsReview, run: gql(FlagReviewDocument, (s) => ({ id: s, reason: 'spam' })), expect: ANY_USER },
  { name: 'flagReview (hidden review)', setup: hiddenReview, run: gql(FlagReviewDocument, (s) => ({ id: s, reason: 'spam' })), expect: HIDDEN_REVIEW },
  { name: 'hideReview', setup: criticsReview, run: gql(HideReviewDocument, (s) => ({ id: s, reason: 'spam' })), expect: REVIEWERS },
  { name: 'restoreReview', setup: criticsReview, run: gql(RestoreReviewDocument, (s) => ({ id: s, reason: 'appeal' })), expect: REVIEWERS },
  { name: 'moderationQueue', setup: none, run: gql(ModerationQueueCountDocument, () => ({})), expect: REVIEWERS },
  { name: 'starPlugin', setup: freshPlugin, run: gql(StarPluginDocument, id), expect: ANY_USER },
  { name: 'unstarPlugin', setup: freshPlugin, run: gql(UnstarPluginDocument, id), expect: ANY_USER },
  // private reports
  { name: 'POST /api/v1/plugins/:id/reports', setup: freshPlugin, run: rest('POST', (p) => `/api/v1/plugins/${p}/reports`, () => ({ kind: 'security', details: 'Sends the API key to any host in a redirect.', contact: 'finder@example.org' })), expect: REPORTERS },
  { name: 'GET /api/v1/reports/:id', setup: criticsReport, run: rest('GET', (r) => `/api/v1/reports/${r}`), expect: REPORT_READERS },
  { name: 'report', setup: criticsReport, run: gql(ReportDocument, (id) => ({ id })), expect: REPORT_READERS },
  { name: 'GET /api/v1/reports?plugin_id=', setup: freshPlugin, run: rest('GET', (p) => `/api/v1/reports?plugin_id=${p}`), expect: OWNERS },
  { name: 'pluginReports', setup: freshPlugin, run: gql(PluginReportsDocument, (pluginId) => ({ pluginId })), expect: OWNERS },
  { name: 'myReports', setup: none, run: gql(MyReportsDocument, () => ({})), expect: ANY_USER },
  { name: 'POST /api/v1/reports/:id/close', setup: criticsReport, run: rest('POST', (r) => `/api/v1/reports/${r}/close`, () => ({ note: 'not a vulnerability' })), expect: REPORT_HANDLERS },
  { name: 'closeReport', setup: criticsReport, run: gql(CloseReportDocument, (id) => ({ id, note: 'fixed' })), expect: REPORT_HANDLERS },
  { name: 'reportToAdvisory', setup: criticsReport, run: gql(ReportToAdvisoryDocument, (id) => ({ id, input: { affected: '<1.1.0', severity: 'HIGH' as const } })), expect: { ...REPORT_HANDLERS, maintainer: 'FORBIDDEN' } },
  // public reads
  { name: 'GET /api/v1/plugins/:id', setup: freshPlugin, run: rest('GET', (p) => `/api/v1/plugins/${p}`), expect: EVERYONE },
  { name: 'viewerCanPublish', setup: freshPlugin, run: async (p, headers) => {
    const res = await t.graphql(ViewerCanPublishDocument, { id: p }, headers);
    return res.body.data!.plugin!.viewerCanPublish ? 'ok' : 'false';
  }, expect: CAN_PUBLISH },
  // usage: anonymous by design (Loom installs without an account); counted per client, never per caller
  { name: 'downloadManifest', setup: freshPlugin, run: gql(DownloadManifestDocument, (p) => ({ pluginId: p, version: '1.1.0' })), expect: EVERYONE },
  { name: 'POST /api/v1/plugins/:id/installs', setup: freshPlugin, run: rest('POST', (p) => `/api/v1/plugins/${p}/installs`, () => ({ version: '1.1.0' })), expect: EVERYONE },
  { name: 'DELETE /api/v1/plugins/:id/installs', setup: freshPlugin, run: rest('DELETE', (p) => `/api/v1/plugins/${p}/installs`), expect: EVERYONE },
  { name: 'POST /api/v1/telemetry', setup: freshPlugin, run: rest('POST', () => '/api/v1/telemetry', (p) => ({ plugin_id: p, version: '1.1.0', requests: 10, errors: 1 })), expect: EVERYONE },
];

beforeAll(async () => {
  manifests = await startManifestServer({ '/ok.yaml': goodManifest('1.0.0'), '/v2.yaml': goodManifest('2.0.0') });
  t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true, writesPerKey: 10_000, writesPerIp: 10_000, reportsPerIp: 10_000 });
  auth.anonymous = {};
  auth.user = (await t.user('user', 'plain-user')).auth;
  auth.owner = (await t.user('user', 'the-owner')).auth;
  auth.maintainer = (await t.user('user', 'the-maintainer')).auth;
  auth.reviewer = (await t.user('reviewer', 'the-reviewer')).auth;
  auth.admin = (await t.user('admin', 'the-admin')).auth;
  const em = t.em();
  for (const [actor, { of, scopes }] of Object.entries(NARROW)) {
    const user = await em.findOneOrFail(User, { username: { user: 'plain-user', owner: 'the-owner', reviewer: 'the-reviewer', admin: 'the-admin' }[of] });
    auth[actor as Narrow] = { authorization: `Bearer ${(await t.app.services.users.createKey(em, user, { name: actor, scopes: [...scopes] })).key}` };
  }
  submitterAuth = (await t.user('user', 'the-submitter')).auth;
  criticAuth = (await t.user('user', 'the-critic')).auth;
});
afterAll(async () => {
  await t.close();
  await manifests.close();
});

describe('authorization matrix', () => {
  for (const op of OPERATIONS) {
    describe(op.name, () => {
      for (const actor of ACTORS) {
        it(`${actor}: ${op.expect[actor]}`, async () => {
          const subject = await op.setup(actor);
          const outcome = await op.run(subject, auth[actor]);
          expect(outcome).toBe(op.expect[actor]);
        });
      }
    });
  }
});

describe('the conflict rule: nobody decides on a plugin they own or maintain, whoever submitted or wrote', () => {
  const stakeholders = {} as Record<'owner' | 'maintainer' | 'admin', Record<string, string>>;
  let bystander: Record<string, string>;
  let pluginId: string;

  beforeAll(async () => {
    stakeholders.owner = (await t.user('reviewer', 'reviewing-owner')).auth;
    stakeholders.maintainer = (await t.user('reviewer', 'reviewing-maintainer')).auth;
    stakeholders.admin = (await t.user('admin', 'maintaining-admin')).auth;
    await t.user('user', 'her-maintainer');
    bystander = (await t.user('reviewer', 'no-stake')).auth;
    pluginId = await pluginOf('reviewing-owner', ['reviewing-maintainer', 'maintaining-admin', 'her-maintainer']);
  });

  it('refuses claim, approve, reject and request changes of a version her maintainer submitted; another reviewer approves it', async () => {
    const em = t.em();
    const maintainerKey = await t.app.services.users.createKey(em, await em.findOneOrFail(User, { username: 'her-maintainer' }), {});
    const sent = await t.graphql(
      SubmitPluginDocument,
      { submission: sampleSubmission(`${manifests.base}/v2.yaml`, { id: pluginId, version: '2.0.0' }) },
      { authorization: `Bearer ${maintainerKey.key}` },
    );
    const s = sent.body.data!.submitPlugin.submissionId;
    await t.checksIdle();
    const decisions = {
      claim: (headers: Record<string, string>) => t.graphql(ClaimSubmissionDocument, { id: s }, headers),
      approve: (headers: Record<string, string>) => t.graphql(ApproveSubmissionDocument, { id: s }, headers),
      reject: (headers: Record<string, string>) => t.graphql(RejectSubmissionDocument, { id: s, notes: 'no' }, headers),
      'request changes': (headers: Record<string, string>) => t.graphql(RequestChangesDocument, { id: s, notes: 'fix' }, headers),
    };
    for (const [who, headers] of Object.entries(stakeholders)) {
      for (const [decision, decide] of Object.entries(decisions)) {
        const res = await decide(headers);
        expect(errorCode(res), `${who}: ${decision}`).toBe('FORBIDDEN');
        expect(res.body.errors![0].message).toBe(`you ${who === 'owner' ? 'own' : 'maintain'} ${pluginId}: reviewing its submissions is for a reviewer with no stake in it; ask another reviewer`);
      }
      const viaRest = await fetch(`${t.url}/api/v1/submissions/${s}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect(viaRest.status).toBe(403);
    }
    const approved = await decisions.approve(bystander);
    expect(approved.body.data?.approveSubmission.status).toBe('APPROVED');
  });

  it('refuses hiding and restoring reviews of her plugin; another reviewer moderates them', async () => {
    const written = await t.graphql(ReviewPluginDocument, { id: pluginId, rating: 1, comment: 'broken' }, criticAuth);
    const id = written.body.data!.reviewPlugin.id;
    await t.graphql(FlagReviewDocument, { id, reason: 'unfair' }, auth.user);
    const hide = (headers: Record<string, string>) => t.graphql(HideReviewStateDocument, { id, reason: 'unfair' }, headers);
    const restore = (headers: Record<string, string>) => t.graphql(RestoreReviewStateDocument, { id, reason: 'fair after all' }, headers);
    for (const [who, headers] of Object.entries(stakeholders)) {
      const res = await hide(headers);
      expect(errorCode(res), who).toBe('FORBIDDEN');
      expect(res.body.errors![0].message).toBe(`you ${who === 'owner' ? 'own' : 'maintain'} ${pluginId}: moderating its reviews is for a reviewer with no stake in it; ask another reviewer`);
    }
    // the flag stays open for a moderator with no stake
    const queue = await t.graphql(ModerationQueueDocument, { first: 100 }, bystander);
    expect(queue.body.data!.moderationQueue.nodes.map((n) => n.id)).toContain(id);
    expect((await hide(bystander)).body.data?.hideReview).toEqual({ hidden: true, flagCount: 0 });
    for (const headers of Object.values(stakeholders)) expect(errorCode(await restore(headers))).toBe('FORBIDDEN');
    expect((await restore(bystander)).body.data?.restoreReview).toEqual({ hidden: false });
  });
});

describe('API keys', () => {
  it('answers a bad, revoked or expired key with 401 and one vague message', async () => {
    const fresh = await t.user('user', 'key-owner');
    const keys = await t.graphql(MyKeysDocument, undefined, fresh.auth);
    const id = keys.body.data!.me!.apiKeys[0].id;
    await t.graphql(RevokeApiKeyDocument, { id }, fresh.auth);
    const messages = new Set<string>();
    for (const header of [fresh.auth.authorization, 'Bearer loom_not-a-real-key', 'Bearer something-else', 'Basic abc']) {
      const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: header }, body: '{"query":"{ me { username } }"}' });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      messages.add(body.errors[0].message);
      const restRes = await fetch(`${t.url}/api/v1/submissions/sub-x`, { headers: { authorization: header } });
      expect(restRes.status).toBe(401);
    }
    expect(messages.size).toBe(1);
  });

  it('stores only a hash, shows the secret once, records last use and refuses scopes beyond the role', async () => {
    const u = await t.user('user', 'scoped');
    const created = await t.graphql(CreateApiKeyDocument, { name: 'ci' }, u.auth);
    const { key, apiKey } = created.body.data!.createApiKey;
    expect(key).toMatch(/^loom_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.scopes).toEqual(['publish']);
    const rows = await t.em().getConnection().execute<{ hash: string }[]>('select hash from api_key');
    expect(rows.some((r) => r.hash.includes(key) || key.includes(r.hash))).toBe(false);
    const me = await t.graphql(MyKeysDocument, undefined, u.auth);
    expect(me.body.data!.me!.apiKeys.some((k) => k.lastUsedAt !== null)).toBe(true);
    const beyond = await t.graphql(CreateApiKeyDocument, { scopes: ['admin'] }, u.auth);
    expect(errorCode(beyond)).toBe('FORBIDDEN');
  });

  it('refuses an action the key lacks the scope for, even to an admin', async () => {
    const admin = await t.user('admin', 'narrow-admin', ['publish']);
    const plugin = await freshPlugin();
    const res = await t.graphql(SetVerifiedDocument, { pluginId: plugin, verified: true }, admin.auth);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.body.errors?.[0].message).toMatch(/lacks the "admin" scope/);
  });

  it('refuses an admin-scoped key once its user is no longer an admin, in plain words', async () => {
    const former = await t.user('admin', 'former-admin');
    const em = t.em();
    (await em.findOneOrFail(User, { username: 'former-admin' })).role = Role.USER;
    await em.flush();
    const res = await t.graphql(SetVerifiedDocument, { pluginId: await freshPlugin(), verified: true }, former.auth);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.body.errors?.[0].message).toBe('only an admin may do this');
  });
});

describe('keys minted by keys', () => {
  const DAY = 86_400_000;
  /** A key the operator issues (no parent), with this expiry and these scopes. */
  async function operatorKey(username: string, expiresAt: Date | null, scopes?: string[], name = 'parent') {
    const em = t.em();
    const user = (await em.findOne(User, { username })) ?? (await t.app.services.users.createUser(em, { username, displayName: username, email: `${username}@example.test`, role: 'user' })).user;
    const { key } = await t.app.services.users.createKey(em, user, { name, expiresAt, scopes });
    return { authorization: `Bearer ${key}` };
  }
  const mint = (headers: Record<string, string>, variables: CreateApiKeyMutationVariables = {}) => t.graphql(CreateApiKeyDocument, variables, headers);
  const works = async (headers: Record<string, string>) => (await t.graphql(MeDocument, undefined, headers)).status === 200;

  it('never outlive their parent: they expire with it by default, and no later', async () => {
    const expiry = new Date(Date.now() + 90 * DAY);
    const parent = await operatorKey('ninety-days', expiry);
    const child = await mint(parent);
    expect(child.body.data!.createApiKey.apiKey.expiresAt).toBe(expiry.toISOString());
    expect((await mint(parent, { expiresAt: null })).body.data!.createApiKey.apiKey.expiresAt).toBe(expiry.toISOString());
    const sooner = new Date(Date.now() + 30 * DAY).toISOString();
    expect((await mint(parent, { expiresAt: sooner })).body.data!.createApiKey.apiKey.expiresAt).toBe(sooner);
    for (const later of [new Date(expiry.getTime() + 1000).toISOString(), '2126-01-01T00:00:00.000Z']) {
      const res = await mint(parent, { expiresAt: later });
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(res.body.errors![0].message).toBe(`this API key expires at ${expiry.toISOString()}, so it cannot create a key that outlives it`);
    }
    // and a grandchild is bounded by the parent's expiry through its child
    const grandchild = await mint({ authorization: `Bearer ${child.body.data!.createApiKey.key}` }, { expiresAt: '2126-01-01T00:00:00Z' });
    expect(errorCode(grandchild)).toBe('FORBIDDEN');
  });

  it('stop working when their parent is revoked, at any depth, each revocation audited', async () => {
    const parent = await operatorKey('family-keys', null);
    const child = { authorization: `Bearer ${(await mint(parent)).body.data!.createApiKey.key}` };
    const grandchild = await mint(child);
    const grandchildAuth = { authorization: `Bearer ${grandchild.body.data!.createApiKey.key}` };
    const sibling = await operatorKey('family-keys', null, undefined, 'sibling');
    expect(await works(child)).toBe(true);
    expect(await works(grandchildAuth)).toBe(true);

    const parentId = (await t.graphql(MyKeysDocument, undefined, parent)).body.data!.me!.apiKeys.find((k) => k.name === 'parent')!.id;
    await t.app.services.users.revokeKey(t.em(), parentId);
    expect(await works(parent)).toBe(false);
    expect(await works(child)).toBe(false);
    expect(await works(grandchildAuth)).toBe(false);
    // a key the parent did not mint lives on
    expect(await works(sibling)).toBe(true);
    const revoked = await t.em().getConnection().execute<{ target: string; details: string | Record<string, unknown> }[]>("select target, details from audit_entry where action = 'api_key.revoke'");
    const causes = revoked.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details)).filter((d) => d.with === `api_key:${parentId}`);
    expect(causes).toHaveLength(2);
  });

  it('with no scopes can do nothing that needs one: no review, rating, star, flag or key, only reads and its own revocation', async () => {
    const bare = await operatorKey('no-scopes', null, []);
    const p = await freshPlugin();
    const reviewId = await criticsReview();
    const attempts = {
      ratePlugin: () => t.graphql(RatePluginDocument, { id: p, rating: 5 }, bare),
      reviewPlugin: () => t.graphql(ReviewPluginDocument, { id: p, rating: 5, comment: 'great' }, bare),
      deleteReview: () => t.graphql(DeleteReviewDocument, { pluginId: p }, bare),
      starPlugin: () => t.graphql(StarPluginDocument, { id: p }, bare),
      unstarPlugin: () => t.graphql(UnstarPluginDocument, { id: p }, bare),
      flagReview: () => t.graphql(FlagReviewDocument, { id: reviewId, reason: 'spam' }, bare),
      createApiKey: () => t.graphql(CreateApiKeyDocument, { name: 'more' }, bare),
      'createApiKey (no scopes)': () => t.graphql(CreateApiKeyDocument, { name: 'more', scopes: [] }, bare),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const res = await attempt();
      expect(errorCode(res), name).toBe('FORBIDDEN');
    }
    const viaRest = await fetch(`${t.url}/api/v1/plugins/${p}/reviews`, { method: 'POST', headers: { 'content-type': 'application/json', ...bare }, body: '{"rating":5,"comment":"great"}' });
    expect(viaRest.status).toBe(403);
    const me = await t.graphql(MyKeysDocument, undefined, bare);
    expect(me.body.data!.me!.scopes).toEqual([]);
    const revoked = await t.graphql(RevokeApiKeyDocument, { id: me.body.data!.me!.apiKeys[0].id }, bare);
    expect(revoked.body.data!.revokeApiKey.revokedAt).not.toBeNull();
  });

  it('refuses an expiry no database can store, from the operator too', async () => {
    const em = t.em();
    const user = await em.findOneOrFail(User, { username: 'plain-user' });
    for (const expiresAt of [new Date(NaN), new Date(Date.UTC(10_000, 0, 1)), new Date(Date.now() - DAY)]) {
      await expect(t.app.services.users.createKey(em, user, { expiresAt })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });
});

describe('a narrow key of an admin (publish only)', () => {
  let narrow: Record<string, string>;
  beforeAll(async () => {
    narrow = (await t.user('admin', 'publish-only-admin', ['publish'])).auth;
  });

  it('cannot create a key with a scope it lacks, though the role allows it', async () => {
    for (const scopes of [['admin'], ['review'], ['publish', 'admin']]) {
      const res = await t.graphql(CreateApiKeyDocument, { scopes }, narrow);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect(res.body.errors?.[0].message).toMatch(/this API key lacks the "(admin|review)" scope/);
    }
  });

  it('creates keys with its own scopes by default, and no others', async () => {
    const res = await t.graphql(CreateApiKeyDocument, { name: 'ci' }, narrow);
    expect(res.body.data?.createApiKey.apiKey.scopes).toEqual(['publish']);
  });

  it("cannot revoke another user's key, which stays usable", async () => {
    const id = await ownersKey();
    const res = await t.graphql(RevokeApiKeyDocument, { id }, narrow);
    expect(errorCode(res)).toBe('FORBIDDEN');
    const keys = await t.graphql(MyKeysDocument, undefined, auth.owner);
    expect(keys.body.data?.me?.apiKeys.find((k) => k.id === id)?.revokedAt).toBeNull();
  });

  it('revokes its own keys: that needs no particular scope', async () => {
    const spare = await t.graphql(CreateApiKeyDocument, { name: 'spare' }, narrow);
    const res = await t.graphql(RevokeApiKeyDocument, { id: spare.body.data!.createApiKey.apiKey.id }, narrow);
    expect(res.body.data?.revokeApiKey.revokedAt).not.toBeNull();
  });

  it('cannot set the verified badge', async () => {
    const res = await t.graphql(SetVerifiedDocument, { pluginId: await freshPlugin(), verified: true }, narrow);
    expect(errorCode(res)).toBe('FORBIDDEN');
  });
});

describe('write rate limits', () => {
  it('answers 429 with Retry-After and RateLimit headers once a key exceeds its writes a minute', async () => {
    const limited = await createTestApp({ writesPerKey: 3, writesPerIp: 100 });
    try {
      const u = await limited.user('user', 'busy');
      const codes: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${limited.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...u.auth }, body: '{}' });
        codes.push(last.status);
      }
      expect(codes).toEqual([400, 400, 400, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get('ratelimit-limit')).toBe('3');
      expect(last!.headers.get('ratelimit-remaining')).toBe('0');
      const gqlRes = await fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...u.auth },
        body: JSON.stringify({ query: 'mutation { submitPlugin(submission: {}) { submissionId } }' }),
      });
      expect(gqlRes.status).toBe(429);
      expect(gqlRes.headers.get('retry-after')).not.toBeNull();
      expect(((await gqlRes.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  /** The RateLimit-* headers of an answer, and whether a browser script may read them. */
  const limits = (res: Response) => ({
    limit: res.headers.get('ratelimit-limit'),
    remaining: res.headers.get('ratelimit-remaining'),
    reset: Number(res.headers.get('ratelimit-reset')),
    exposed: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After'].every((h) => res.headers.get('access-control-expose-headers')?.includes(h)),
  });

  it('counts creating and revoking API keys as writes, and says where the caller stands on every answer', async () => {
    const limited = await createTestApp({ writesPerKey: 3, writesPerIp: 100, seed: false });
    try {
      const u = await limited.user('user', 'key-maker');
      const call = (query: string) =>
        fetch(`${limited.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://example.com', ...u.auth }, body: JSON.stringify({ query }) });
      const first = await call('mutation { createApiKey(name: "one") { apiKey { id } } }');
      expect(first.status).toBe(200);
      expect(limits(first)).toEqual({ limit: '3', remaining: '2', reset: expect.any(Number), exposed: true });
      expect(limits(first).reset).toBeGreaterThan(0);
      const id = ((await first.json()) as { data: { createApiKey: { apiKey: { id: string } } } }).data.createApiKey.apiKey.id;
      expect(limits(await call('mutation { createApiKey(name: "two") { key } }')).remaining).toBe('1');
      expect(limits(await call(`mutation { revokeApiKey(id: "${id}") { id } }`)).remaining).toBe('0');
      for (const refused of [await call('mutation { createApiKey(name: "three") { key } }'), await call(`mutation { revokeApiKey(id: "${id}") { id } }`)]) {
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(limits(refused)).toMatchObject({ limit: '3', remaining: '0', exposed: true });
      }
      // reads are not counted, so they say nothing about the write limit
      expect(limits(await call('{ me { username } }')).limit).toBeNull();
    } finally {
      await limited.close();
    }
  });

  it('limits usage reports per IP in a budget of their own, with the same 429 and headers', async () => {
    const limited = await createTestApp({ usagePerIp: 3, writesPerKey: 100, writesPerIp: 100 });
    try {
      const plugin = (await limited.data(PluginVersionDocument, { id: 'groq-plugin' })).plugin!;
      const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        fetch(`${limited.url}${path}`, {
          method,
          headers: { origin: 'https://example.com', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const install = () => send('POST', '/api/v1/plugins/groq-plugin/installs', { version: plugin.version });
      const answers = [
        await install(),
        await send('DELETE', '/api/v1/plugins/groq-plugin/installs'),
        await send('POST', '/api/v1/telemetry', { plugin_id: 'groq-plugin', version: plugin.version, requests: 10, errors: 1 }),
        await install(),
      ];
      expect(answers.map((a) => a.status)).toEqual([204, 204, 202, 429]);
      expect(answers.map((a) => limits(a).remaining)).toEqual(['2', '1', '0', '0']);
      expect(answers.every((a) => limits(a).limit === '3' && limits(a).exposed)).toBe(true);
      const refused = answers[3];
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/usage reports/) });
      // writes and downloads keep their own budgets
      const u = await limited.user('user', 'installer');
      const write = await send('POST', '/api/v1/plugins/groq-plugin/reviews', { rating: 4, comment: 'ok' }, u.auth);
      expect(write.status).toBe(200);
      expect(limits(write)).toMatchObject({ limit: '100', remaining: '99' });
      expect((await send('GET', `/api/v1/plugins/groq-plugin/versions/${plugin.version}/manifest`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('tells clients apart by X-Forwarded-For only from a trusted proxy', async () => {
    const telemetry = (t: TestApp, forwardedFor: string) =>
      fetch(`${t.url}/api/v1/telemetry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ plugin_id: 'groq-plugin', version: '1.2.0', requests: 1, errors: 0 }),
      }).then((res) => res.status);
    const direct = await createTestApp({ usagePerIp: 2 });
    const proxied = await createTestApp({ usagePerIp: 2, trustProxy: ['127.0.0.1'] });
    try {
      // without TRUST_PROXY the header is the client's own claim: a new one each time does not buy a new budget
      expect([await telemetry(direct, '203.0.113.1'), await telemetry(direct, '203.0.113.2'), await telemetry(direct, '203.0.113.3')]).toEqual([202, 202, 429]);
      // behind the trusted proxy (the test's loopback peer), each forwarded client has a budget of its own
      expect([await telemetry(proxied, '203.0.113.1'), await telemetry(proxied, '203.0.113.1'), await telemetry(proxied, '203.0.113.1')]).toEqual([202, 202, 429]);
      expect(await telemetry(proxied, '203.0.113.2')).toBe(202);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});
