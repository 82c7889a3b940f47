import { createHash, randomBytes, randomInt } from 'node:crypto';
import { LOOM_CLI_CLIENT_ID, type TokenErrorCode } from '../../../domain/oauth.js';
import { AppError, BadInputError, NotFoundError } from '../../errors.js';
import type { Em } from '../../orm.js';
import { authorize } from '../../policy.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { ALL_SCOPES, ROLE_SCOPES, type Viewer } from './auth.js';
import { DeviceGrant } from './device-grant.entity.js';
import type { User } from './user.entity.js';
import type { UserService } from './user.service.js';

/** The one client the registry knows, by client_id: the Loom CLI. */
export const DEVICE_CLIENTS: Record<string, string> = { [LOOM_CLI_CLIENT_ID]: 'Loom CLI' };
/** RFC 8628 §6.1: consonants only (no vowels, so no words; no look-alikes), 8 of them: 20^8 ≈ 2^34.6 codes. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const USER_CODE_LENGTH = 8;
/** How long a device login waits to be approved, and its code is valid. */
export const DEVICE_CODE_SECONDS = 15 * 60;
/** The least wait between polls (RFC 8628 §3.2 `interval`); `slow_down` adds this much. */
export const POLL_INTERVAL_SECONDS = 5;
/** How long an expired grant is kept (a late poll still hears expired_token) before a new login deletes it. */
export const EXPIRED_GRANT_KEPT_SECONDS = 24 * 3600;
const SLOW_DOWN_SECONDS = 5;
/** Keys a device login mints expire after this long: log in again then. */
export const DEVICE_KEY_DAYS = 90;
export const DEVICE_KEY_NAME = 'loom CLI (device login)';

/** A refusal answered as the RFC's `{error, error_description}`. */

export class OAuthError extends Error {
  constructor(
    readonly error: TokenErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A user code as typed: case, spaces and dashes do not matter; null when it cannot be one. */
export function normalizeUserCode(typed: string): string | null {
  const letters = typed.toUpperCase().replace(/[\s-]/g, '');
  return letters.length === USER_CODE_LENGTH && [...letters].every((c) => USER_CODE_ALPHABET.includes(c)) ? letters : null;
}

/** `WDJBMJHT` as people read it: `WDJB-MJHT`. */
export const formatUserCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export interface StartedGrant {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

export interface RedeemedGrant {
  accessToken: string;
  scope: string;
  expiresIn: number;
}

/** What the approval page shows of a pending device login. */
export interface PendingGrant {
  grant: DeviceGrant;
  userCode: string;
  clientName: string;
  /** What the key will hold when approved: the requested scopes the person's role may hold. */
  scopes: string[];
  /** Requested scopes the person's role may not hold (left out of the key). */
  withheld: string[];
}

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) for `loom plugin login`: the CLI asks for a code (`start`),
 * the person approves or denies it on /device, signed in (`decide`), and the CLI polls for the key (`redeem`), which is
 * minted then, once: no secret is ever stored, only the SHA-256 of both codes.
 */
export class DeviceService {
  /** The clock (ms), for expiries and polling intervals: tests set their own. */
  now: () => number = Date.now;
  /** Seconds between polls a new grant asks for: tests shorten it. */
  intervalSeconds = POLL_INTERVAL_SECONDS;

  constructor(
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly limiter?: WriteLimiter,
  ) {}

  /** `POST /oauth/device/code`: a new pending grant for the client at `viewer.ip`. */
  async start(em: Em, viewer: Viewer, input: { clientId: string; scope?: string }): Promise<StartedGrant> {
    if (!DEVICE_CLIENTS[input.clientId]) throw new OAuthError('invalid_client', `unknown client_id "${input.clientId.slice(0, 64)}"; this registry knows ${LOOM_CLI_CLIENT_ID}`);
    const requested = input.scope === undefined ? null : [...new Set(input.scope.split(' ').filter(Boolean))];
    const unknown = requested?.find((s) => !(ALL_SCOPES as string[]).includes(s));
    if (unknown !== undefined) throw new OAuthError('invalid_scope', `unknown scope "${unknown.slice(0, 64)}"; scopes are ${ALL_SCOPES.join(', ')}`);
    await this.limiter?.consumeDeviceCode(viewer);
    const now = this.now();
    const deviceCode = randomBytes(32).toString('base64url');
    let userCode: string;
    // a live duplicate is a one-in-billions chance: draw again rather than collide
    do userCode = Array.from({ length: USER_CODE_LENGTH }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
    while (await em.count(DeviceGrant, { userCodeHash: sha256(userCode) }));
    // every login clears the grants long expired, so the table holds about a day of logins
    await em.nativeDelete(DeviceGrant, { expiresAt: { $lt: new Date(now - EXPIRED_GRANT_KEPT_SECONDS * 1000) } });
    em.create(DeviceGrant, {
      deviceCodeHash: sha256(deviceCode),
      userCodeHash: sha256(userCode),
      clientId: input.clientId,
      requestedScopes: requested,
      requestIp: viewer.ip.slice(0, 64),
      interval: this.intervalSeconds,
      createdAt: new Date(now),
      expiresAt: new Date(now + DEVICE_CODE_SECONDS * 1000),
    });
    await em.flush();
    return { deviceCode, userCode: formatUserCode(userCode), expiresIn: DEVICE_CODE_SECONDS, interval: this.intervalSeconds };
  }

  /**
   * `POST /oauth/token` with the device code: the RFC's answer for where the grant stands, and, the first time it is
   * asked after approval, the key. A poll sooner than the interval is `slow_down`, and the interval grows by 5 s.
   */
  async redeem(em: Em, input: { clientId: string; deviceCode: string }): Promise<RedeemedGrant> {
    if (!DEVICE_CLIENTS[input.clientId]) throw new OAuthError('invalid_client', `unknown client_id "${input.clientId.slice(0, 64)}"`);
    const grant = await em.findOne(DeviceGrant, { deviceCodeHash: sha256(input.deviceCode) }, { populate: ['user'] });
    if (!grant || grant.clientId !== input.clientId) throw new OAuthError('invalid_grant', 'unknown device_code');
    if (grant.status === 'redeemed') throw new OAuthError('invalid_grant', 'this device_code was already used');
    const now = this.now();
    if (grant.expiresAt.getTime() <= now) throw new OAuthError('expired_token', `the device_code expired (after ${DEVICE_CODE_SECONDS / 60} minutes); start again`);
    if (grant.status === 'denied') throw new OAuthError('access_denied', 'the request was denied');
    if (grant.lastPolledAt && now - grant.lastPolledAt.getTime() < grant.interval * 1000) {
      const interval = grant.interval + SLOW_DOWN_SECONDS;
      await em.nativeUpdate(DeviceGrant, { id: grant.id }, { interval, lastPolledAt: new Date(now) });
      throw new OAuthError('slow_down', `polled sooner than every ${grant.interval} s; poll every ${interval} s from now on`);
    }
    await em.nativeUpdate(DeviceGrant, { id: grant.id }, { lastPolledAt: new Date(now) });
    if (grant.status === 'pending') throw new OAuthError('authorization_pending', 'waiting for the user to approve the request');
    return em.transactional(async (tx) => {
      // one poll redeems it: of two at once, the other finds it no longer approved
      const claimed = await tx.nativeUpdate(DeviceGrant, { id: grant.id, status: 'approved' }, { status: 'redeemed' });
      if (claimed !== 1) throw new OAuthError('invalid_grant', 'this device_code was already used');
      const user = grant.user!;
      const scopes = grant.grantedScopes ?? [];
      const created = await this.users.createDeviceKey(tx, user, { name: DEVICE_KEY_NAME, scopes, expiresAt: new Date(now + DEVICE_KEY_DAYS * 24 * 3600 * 1000) });
      await tx.nativeUpdate(DeviceGrant, { id: grant.id }, { key: created.apiKey.id });
      return { accessToken: created.key, scope: scopes.join(' '), expiresIn: DEVICE_KEY_DAYS * 24 * 3600 };
    });
  }

  /** The pending grant a user code names, as the approval page shows it to the person signed in. */
  async pending(em: Em, viewer: Viewer, typed: string): Promise<PendingGrant> {
    const user = this.approver(viewer);
    await this.limiter?.consumeUserCode(viewer, user.id);
    const grant = await this.find(em, typed);
    const role = ROLE_SCOPES[user.role] as string[];
    const requested = grant.requestedScopes ?? role;
    return {
      grant,
      userCode: formatUserCode(normalizeUserCode(typed)!),
      clientName: DEVICE_CLIENTS[grant.clientId] ?? grant.clientId,
      scopes: requested.filter((s) => role.includes(s)),
      withheld: requested.filter((s) => !role.includes(s)),
    };
  }

  /** Approves or denies the pending grant a user code names; the code is used up either way. */
  async decide(em: Em, viewer: Viewer, typed: string, approve: boolean): Promise<PendingGrant> {
    const pending = await this.pending(em, viewer, typed);
    const user = viewer.user!;
    await this.limiter?.consume(viewer);
    const { grant } = pending;
    return em.transactional(async (tx) => {
      const changed = await tx.nativeUpdate(
        DeviceGrant,
        { id: grant.id, status: 'pending' },
        { status: approve ? 'approved' : 'denied', user: user.id, grantedScopes: approve ? pending.scopes : null, decidedAt: new Date(this.now()) },
      );
      if (changed !== 1) throw new NotFoundError('device login', pending.userCode);
      grant.status = approve ? 'approved' : 'denied';
      this.audit.record(tx, user, approve ? 'device.approve' : 'device.deny', `device_grant:${grant.id}`, {
        client: grant.clientId,
        ...(approve ? { scopes: pending.scopes } : {}),
        requestedFrom: grant.requestIp,
      });
      await tx.flush();
      return pending;
    });
  }

  /** Only a person signed in on the web, with their password, approves a device: not a key a program holds. */
  private approver(viewer: Viewer): User {
    const user = authorize(viewer, 'device.approve');
    if (!viewer.key?.session) throw new AppError('FORBIDDEN', 'device logins are approved on the web, signed in with your password, not with an API key');
    return user;
  }

  private async find(em: Em, typed: string): Promise<DeviceGrant> {
    const code = normalizeUserCode(typed);
    if (!code) throw new BadInputError('userCode', `a code is ${USER_CODE_LENGTH} letters, like WDJB-MJHT`);
    const grant = await em.findOne(DeviceGrant, { userCodeHash: sha256(code) });
    // used, expired or never issued: one answer, which tells a guesser nothing
    if (!grant || grant.status !== 'pending' || grant.expiresAt.getTime() <= this.now()) {
      throw new AppError('NOT_FOUND', `no pending login with the code ${formatUserCode(code)}: it may have expired or been used; run "loom plugin login" again`, { field: 'userCode' });
    }
    return grant;
  }
}
