import type { AuthChecker } from 'type-graphql';
import type { Context } from './context.js';
import { AppError, withArticle } from './errors.js';
import type { Em } from './orm.js';
import { hasRole, requireUser, Scope, type Viewer } from './modules/accounts/auth.js';
import { Role, type User } from './modules/accounts/user.entity.js';
import { Plugin, PluginMaintainer } from './modules/catalog/plugin.entity.js';

/** How a user stands to a plugin: its owner, a maintainer, or neither (null). */
export type Stake = 'own' | 'maintain' | null;

/** What a service found out about the caller and the thing acted on: the policy itself reads no database. */
export interface Standing {
  /** The plugin concerned, named in refusals. */
  pluginId?: string;
  stake?: Stake;
  /** The caller submitted the submission concerned. */
  submitter?: boolean;
  /** The thing (an API key) is the caller's own. */
  self?: boolean;
}

/** Whom a grant is for besides their role: `author` is the owner or a maintainer of the plugin. */
type Relation = 'owner' | 'author' | 'submitter' | 'self';

interface Grant {
  /** The least role. */
  role: Role;
  /** The scope the key must carry; `any`: at least one; null: none. */
  scope: Scope | 'any' | null;
  as?: Relation;
}

interface Rule {
  /** Any one of these lets the caller act. */
  grants: Grant[];
  /** Why a caller whom no grant is for is refused; by default the least role the grants ask. */
  refused?: (s: Standing) => string;
  /** Standings that bar a caller even when a grant fits, with why. */
  never?: { submitter?: string; author?: (stake: 'own' | 'maintain', pluginId: string) => string };
}

const USER_KEY: Grant = { role: Role.USER, scope: Scope.PUBLISH };
const AUTHOR: Grant = { role: Role.USER, scope: Scope.PUBLISH, as: 'author' };
const REVIEWER: Grant = { role: Role.REVIEWER, scope: Scope.REVIEW };
const ADMIN: Grant = { role: Role.ADMIN, scope: Scope.ADMIN };
const noStake = (what: string) => (stake: 'own' | 'maintain', pluginId: string) => `you ${stake} ${pluginId}: ${what} is for a reviewer with no stake in it; ask another reviewer`;

/**
 * Who may do what: per action, the role and the API-key scope it needs, and how the caller must stand to the thing.
 * A key never does more than its scopes say, reads included. Public reads (the catalog, registry.json, manifests)
 * and anonymous usage reports (downloads, installs, telemetry) need no key; `me`, your own stars and reviews
 * (`viewerHasStarred`, `viewerReview`) and revoking your own keys need a key with any scopes or none.
 */
export const POLICY = {
  'apiKey.create': { grants: [{ role: Role.USER, scope: 'any' }] },
  /** Signing out: the browser session making the call ends (signing up and in need no key). */
  'session.end': { grants: [{ role: Role.USER, scope: null }] },
  /** Looking up, approving and denying a device login (RFC 8628) on /device; the service also asks for a browser session. */
  'device.approve': { grants: [{ role: Role.USER, scope: null }] },
  /** Others' keys do not exist for those who may not revoke them (the service answers NOT_FOUND). */
  'apiKey.revoke': { grants: [{ role: Role.USER, scope: null, as: 'self' }, ADMIN] },

  'submission.create': { grants: [USER_KEY] },
  /** A version of an existing plugin: submitting one, `viewerCanPublish` (approval checks the submitter still stands so). */
  'plugin.publish': { grants: [AUTHOR], refused: (s) => `plugin "${s.pluginId}" belongs to someone else; only its owner and maintainers publish versions of it` },
  /** One submission, or the list: reviewers see everyone's (contact emails included), others their own. */
  'submission.read': { grants: [{ ...USER_KEY, as: 'submitter' }, REVIEWER] },
  'submission.resubmit': { grants: [{ ...USER_KEY, as: 'submitter' }], refused: () => 'only the submitter can resubmit' },
  'submission.withdraw': { grants: [{ ...USER_KEY, as: 'submitter' }], refused: () => 'only the submitter can withdraw a submission' },
  /** Claim, approve, reject, request changes. */
  'submission.review': {
    grants: [REVIEWER],
    never: { submitter: 'nobody reviews their own submission: ask another reviewer', author: noStake('reviewing its submissions') },
  },
  /** Deciding on a submission another reviewer has claimed. */
  'submission.takeOver': { grants: [{ role: Role.ADMIN, scope: Scope.REVIEW }] },

  /** Yank and unyank versions, deprecate. */
  'plugin.maintain': { grants: [AUTHOR, ADMIN], refused: (s) => `only the owner and maintainers of ${s.pluginId} may do this` },
  /** Add and remove maintainers, transfer. */
  'plugin.own': { grants: [{ ...USER_KEY, as: 'owner' }, ADMIN], refused: (s) => `only the owner of ${s.pluginId} (or an admin) may do this` },
  'plugin.analytics': { grants: [AUTHOR, ADMIN], refused: (s) => `only the owner, maintainers and admins see the analytics of ${s.pluginId}` },
  /** The verified badge and the category. */
  'plugin.curate': { grants: [ADMIN] },

  /** Rate and review: a plugin's users, not its authors. */
  'review.write': { grants: [USER_KEY], never: { author: (stake, pluginId) => `you ${stake} ${pluginId}: reviews are for its users, not its authors` } },
  'review.delete': { grants: [USER_KEY] },
  'review.flag': { grants: [USER_KEY] },
  'plugin.star': { grants: [USER_KEY] },
  /** Hide and restore reviews. */
  'review.moderate': { grants: [REVIEWER], never: { author: noStake('moderating its reviews') } },
  /** The moderation queue and hidden reviews. */
  'moderation.read': { grants: [REVIEWER] },

  'audit.read': { grants: [ADMIN] },
  /** Security advisories (docs/trust.md): about your own plugin, or any as an admin. */
  'advisory.publish': { grants: [{ ...USER_KEY, as: 'owner' }, ADMIN], refused: (s) => `only the owner of ${s.pluginId} (or an admin) may publish advisories about it` },
  /**
   * Private reports (domain/reports.ts): filing one signed in (anonymous reporters give a contact address instead,
   * which the service checks), and your own reports' statuses.
   */
  'report.file': { grants: [USER_KEY] },
  /** Reading, closing and publishing an advisory from security and license reports: the plugin's people and admins. */
  'report.handle': { grants: [AUTHOR, ADMIN], refused: (s) => `only the owner, maintainers and admins read the reports about ${s.pluginId}` },
  /** The same for malware and abuse reports, which are about the authors themselves: admins only. */
  'report.handleAny': { grants: [ADMIN] },
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

type Verdict = { ok: true; user: User } | { ok: false; reason: 'anonymous' | 'refused' | 'scope' | 'barred'; error: AppError };

function holdsScope(viewer: Viewer, scope: Grant['scope']): boolean {
  if (scope === null) return true;
  const scopes = viewer.key?.scopes ?? [];
  return scope === 'any' ? scopes.length > 0 : scopes.includes(scope);
}

function stands(s: Standing, as: Relation | undefined): boolean {
  switch (as) {
    case undefined:
      return true;
    case 'owner':
      return s.stake === 'own';
    case 'author':
      return s.stake === 'own' || s.stake === 'maintain';
    case 'submitter':
      return s.submitter === true;
    case 'self':
      return s.self === true;
  }
}

function lacking(scope: Grant['scope']): AppError {
  return new AppError('FORBIDDEN', scope === 'any' ? 'this API key has no scopes, so it cannot do this' : `this API key lacks the "${scope}" scope`);
}

/** The policy's answer. `standing` null: only the role and scope (a coarse gate, before the thing is read). */
function decide(viewer: Viewer, action: Action, standing: Standing | null): Verdict {
  const user = viewer.user;
  if (!user) return { ok: false, reason: 'anonymous', error: new AppError('UNAUTHENTICATED', 'sign in: send an API key as "Authorization: Bearer <key>"') };
  const rule: Rule = POLICY[action];
  const fitting = rule.grants.filter((g) => hasRole(user, g.role) && (standing === null || stands(standing, g.as)));
  if (fitting.length === 0) {
    const least = rule.grants[0].role;
    const message = standing && rule.refused ? rule.refused(standing) : `only ${withArticle(least)} may do this`;
    return { ok: false, reason: 'refused', error: new AppError('FORBIDDEN', message) };
  }
  if (!fitting.some((g) => holdsScope(viewer, g.scope))) return { ok: false, reason: 'scope', error: lacking(fitting[0].scope) };
  if (standing?.submitter && rule.never?.submitter) return { ok: false, reason: 'barred', error: new AppError('FORBIDDEN', rule.never.submitter) };
  if (standing?.stake && rule.never?.author) return { ok: false, reason: 'barred', error: new AppError('FORBIDDEN', rule.never.author(standing.stake, standing.pluginId ?? '')) };
  return { ok: true, user };
}

/** Whether the caller may do `action` to the thing they stand to so. */
export function can(viewer: Viewer, action: Action, standing: Standing = {}): boolean {
  return decide(viewer, action, standing).ok;
}

/**
 * The caller, when they may do `action`: otherwise UNAUTHENTICATED (nobody signed in) or FORBIDDEN saying why.
 * `concealed`: what to throw instead when no grant is for the caller, so the thing does not exist for them.
 */
export function authorize(viewer: Viewer, action: Action, standing: Standing = {}, concealed?: () => AppError): User {
  const verdict = decide(viewer, action, standing);
  if (verdict.ok) return verdict.user;
  if (concealed && verdict.reason === 'refused') throw concealed();
  throw verdict.error;
}

/** The coarse check, before the thing is read: signed in, with a role and a key scope some grant of `action` asks. */
export function gate(viewer: Viewer, action: Action): User {
  const verdict = decide(viewer, action, null);
  if (!verdict.ok) throw verdict.error;
  return verdict.user;
}

/** Whether the caller's role and key scope let them do `action` at all (the coarse gate, as a yes or no): what the web shows links to. */
export function permits(viewer: Viewer, action: Action): boolean {
  return decide(viewer, action, null).ok;
}

/** type-graphql's gate for `@Authorized<Action>(action)`; the service asks `authorize` again once it knows the thing. */
export const authChecker: AuthChecker<Context, Action> = ({ context }, actions) => {
  if (actions.length === 0) requireUser(context.viewer);
  for (const action of actions) gate(context.viewer, action);
  return true;
};

/** How `user` stands to a plugin (loaded with its owner, or by id; none such: no stake): the one reading of ownership the rules rely on. */
export async function stakeIn(em: Em, user: User, plugin: Pick<Plugin, 'id' | 'owner'> | string): Promise<Stake> {
  const found = typeof plugin === 'string' ? await em.findOne(Plugin, { id: plugin }, { fields: ['id', 'owner'] }) : plugin;
  return found ? stakeOf(user, found, async () => (await em.count(PluginMaintainer, { plugin: found.id, user: user.id })) > 0) : null;
}

/** How `user` stands to a plugin, given how to tell whether they maintain it (asked of anyone but its owner). */
export async function stakeOf(user: User, plugin: Pick<Plugin, 'owner'>, maintains: () => Promise<boolean>): Promise<Stake> {
  if (plugin.owner?.id === user.id) return 'own';
  return (await maintains()) ? 'maintain' : null;
}
