import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, ROLE_SCOPES, type Viewer } from '../../server/modules/accounts/auth.js';
import { ApiKey, Role, User } from '../../server/modules/accounts/user.entity.js';
import { authorize, can, gate, POLICY, type Action, type Standing } from '../../server/policy.js';

const ACTIONS = Object.keys(POLICY) as Action[];
const STAKES = ['own', 'maintain', null] as const;
/** Every standing a caller can have to a thing. */
const STANDINGS: Standing[] = STAKES.flatMap((stake) => [true, false].flatMap((submitter) => [true, false].map((self) => ({ pluginId: 'p', stake, submitter, self }))));

/** Every caller: each role with each set of scopes it may hold. */
const VIEWERS: Viewer[] = Object.values(Role).flatMap((role) => {
  const allowed = ROLE_SCOPES[role];
  const subsets = allowed.reduce<string[][]>((all, scope) => [...all, ...all.map((s) => [...s, scope])], [[]]);
  return subsets.map((scopes) => {
    const user = Object.assign(new User(), { id: 1, username: `${role}-${scopes.join('+') || 'none'}`, role });
    return { user, key: Object.assign(new ApiKey(), { scopes }), ip: '' };
  });
});
const outcome = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('the policy', () => {
  it('lets through its coarse gate everyone whom some standing would let act, so @Authorized never refuses what the service allows', () => {
    for (const action of ACTIONS) {
      for (const viewer of VIEWERS) {
        if (STANDINGS.some((s) => can(viewer, action, s))) expect(outcome(() => gate(viewer, action)), `${action}: ${viewer.user!.username}`).toBe('ok');
      }
    }
  });

  it('lets no key act beyond its scopes: taking away the scopes a grant asks refuses the action', () => {
    let checked = 0;
    for (const action of ACTIONS) {
      for (const viewer of VIEWERS) {
        for (const standing of STANDINGS) {
          if (!can(viewer, action, standing)) continue;
          const grants: readonly { scope: string | null }[] = POLICY[action].grants;
          // what a grant with no scope allows (revoking your own key) takes none to begin with
          if (grants.some((g) => g.scope === null)) continue;
          const needed: string[] = grants.flatMap((g) => (g.scope === 'any' ? ALL_SCOPES : [g.scope!]));
          const bare = { ...viewer, key: Object.assign(new ApiKey(), { scopes: viewer.key!.scopes.filter((s) => !needed.includes(s)) }) };
          expect(can(bare, action, standing), `${action}: ${viewer.user!.username} without ${needed.join(', ')}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(ACTIONS.length);
  });

  it('answers UNAUTHENTICATED to nobody, and FORBIDDEN to whoever it refuses', () => {
    const anonymous: Viewer = { user: null, key: null, ip: '' };
    for (const action of ACTIONS) {
      expect(outcome(() => gate(anonymous, action))).toBe('UNAUTHENTICATED');
      for (const viewer of VIEWERS) {
        for (const standing of STANDINGS) expect(['ok', 'FORBIDDEN']).toContain(outcome(() => authorize(viewer, action, standing)));
      }
    }
  });
});
