import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { AppError, BadInputError, NotFoundError, rowId, withArticle } from '../../errors.js';
import type { Em } from '../../orm.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { ALL_SCOPES, BAD_CREDENTIALS, ROLE_SCOPES, type Scope, type Viewer } from './auth.js';
import { authorize, gate } from '../../policy.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, NO_ACCOUNT_HASH, verifyPassword } from './password.js';
import type { KeyCache, KeyLife } from './key-cache.js';
import { ApiKey, Role, User } from './user.entity.js';

/** Recognisable by secret scanners: `loom_` then 32 random bytes, base64url. */
export const KEY_PREFIX = 'loom_';
const KEY_BYTES = 32;
/** last_used_at is written at most this often per key, so reads do not turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The hash of the key `Authorization: Bearer <key>` carries; undefined when it carries none of ours. */
function bearerHash(header: string): string | undefined {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  return secret?.startsWith(KEY_PREFIX) ? hashKey(secret) : undefined;
}

/** Neither revoked nor expired. */
function live(key: KeyLife, now: number): boolean {
  return !key.revokedAt && !(key.expiresAt && key.expiresAt.getTime() <= now);
}

/** Whether the key's last use is recorded within the resolution (else it is written again). */
function useRecorded(key: KeyLife, now: number): boolean {
  return !!key.lastUsedAt && now - key.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS;
}

/** A signed-in viewer whose key and owner are merged into the request's EntityManager when first read. */
function mergedOnRead(merge: () => ApiKey, ip: string): Viewer {
  let key: ApiKey | undefined;
  return {
    get user() {
      return (key ??= merge()).user;
    },
    get key() {
      return (key ??= merge());
    },
    ip,
  };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const newUserSchema = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/, 'lowercase letters, digits, "_", "." and "-", 2-64 characters'),
  displayName: z.string().trim().min(1).max(128),
  email: z.email().max(254),
  role: z.enum(Role),
});

/** How long a browser session lasts. */
const SESSION_MS = 30 * 24 * 3600 * 1000;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadInputError('password', `at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new BadInputError('password', `at most ${MAX_PASSWORD_LENGTH} characters`);
}

export interface NewKey {
  name?: string;
  scopes?: string[];
  expiresAt?: Date | null;
}

export interface CreatedKey {
  /** The secret: shown once, never stored. */
  key: string;
  apiKey: ApiKey;
}

/** What the audit log says of an action with no actor: the admin CLI, run on the server. */
const BY_OPERATOR = { by: 'the server operator (admin CLI)' };

export class UserService {
  /** `limiter`: the API's write limits; the admin CLI, on the server, goes without. */
  constructor(
    private readonly audit: AuditService,
    private readonly limiter?: WriteLimiter,
    /** Resolved keys, kept per auth version (the server's; the admin CLI reads the database each time). */
    private readonly keys?: KeyCache,
  ) {}

  /** The server operator's (admin CLI): a new user and their first key. */
  async createUser(em: Em, input: { username?: string; displayName: string; email: string; role: string }): Promise<{ user: User; key: CreatedKey }> {
    // without a username, one is made from the email's local part; the errors then say so, as nobody typed it
    const made = input.username === undefined;
    const username = input.username ?? input.email.split('@')[0].toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
    return em.transactional(async (tx) => {
      const user = await this.insertUser(tx, { ...input, username }, made, null);
      const key = this.newKey(tx, user, { name: 'first key' }, null);
      await tx.flush();
      this.recordKey(tx, null, 'api_key.create', key.apiKey);
      return { user, key };
    });
  }

  /**
   * A new account, checked (`made`: the username was made from the email) and recorded, in the caller's transaction;
   * `passwordHash` null for an account without a web password.
   */
  private async insertUser(em: Em, input: { username: string; displayName: string; email: string; role: string }, made: boolean, passwordHash: string | null): Promise<User> {
    const { username } = input;
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0]);
      if (field === 'username' && made) throw new BadInputError('username', `needed, as "${username}" (made from the email) is not a valid username: ${issue.message}`);
      throw new BadInputError(field, issue.message);
    }
    if (await em.count(User, { email: parsed.data.email })) throw new AppError('CONFLICT', `email: a user with "${parsed.data.email}" already exists`, { field: 'email' });
    if (await em.count(User, { username: parsed.data.username })) {
      throw new AppError('CONFLICT', `username: "${parsed.data.username}"${made ? ' (made from the email)' : ''} is taken; choose another`, { field: 'username' });
    }
    const user = em.create(User, { ...parsed.data, passwordHash });
    await em.flush();
    this.audit.record(em, passwordHash ? user : null, 'user.create', `user:${user.username}`, passwordHash ? { role: user.role, by: 'signing up' } : { role: user.role, ...BY_OPERATOR });
    return user;
  }

  async findUser(em: Em, handle: string): Promise<User> {
    const user = await em.findOne(User, handle.includes('@') ? { email: handle } : { username: handle });
    if (!user) throw new NotFoundError('user', handle);
    return user;
  }

  /** A key the server operator issues (admin CLI): any scopes the user's role allows. */
  createKey(em: Em, user: User, input: NewKey): Promise<CreatedKey> {
    return this.issue(em, null, user, input, null);
  }

  /**
   * A key a person approved on the web for a device (RFC 8628, device.service.ts): theirs, bounded by their role
   * (like a key their browser session mints), recorded as their act.
   */
  createDeviceKey(em: Em, user: User, input: NewKey): Promise<CreatedKey> {
    return this.issue(em, user, user, input, null);
  }

  /**
   * A new key for the caller, minted by the key making the call (its parent), and never more than it: at most its
   * scopes (by default those, as far as the role still allows) and its expiry (by default that), and revoked with it.
   * So a leaked narrow or short-lived key cannot mint itself a wider or longer-lived one; a key without scopes mints none.
   */
  async createApiKey(em: Em, viewer: Viewer, input: NewKey): Promise<CreatedKey> {
    const user = authorize(viewer, 'apiKey.create');
    await this.limiter?.consume(viewer);
    // A browser session is the person, signed in with their password: what it mints is theirs, bounded by their role
    // and not by the session, and outlives signing out.
    return this.issue(em, user, user, input, viewer.key?.session ? null : viewer.key);
  }

  /** Signing up on the web: a new `user` account with a password, signed in at once (a browser session). */
  async signUp(em: Em, viewer: Viewer, input: { username: string; displayName: string; email: string; password: string }): Promise<CreatedKey> {
    await this.limiter?.consumeSignIn(viewer, input.username);
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return em.transactional(async (tx) => this.startSession(tx, await this.insertUser(tx, { ...input, role: Role.USER }, false, passwordHash)));
  }

  /** Signing in on the web with a username or email and a password: a new browser session, or one vague refusal. */
  async signIn(em: Em, viewer: Viewer, input: { login: string; password: string }): Promise<CreatedKey> {
    await this.limiter?.consumeSignIn(viewer, input.login);
    const user = await em.findOne(User, input.login.includes('@') ? { email: input.login.trim() } : { username: input.login.trim() }, { populate: ['passwordHash'] });
    // as slow for a name nobody has as for a wrong password: the timing tells nothing
    const ok = await verifyPassword(input.password, user?.passwordHash ?? NO_ACCOUNT_HASH);
    if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'wrong username, email or password');
    return this.startSession(em, user);
  }

  /** Signing out: the browser session's key is revoked (keys it created stay, being the account's). */
  async signOut(em: Em, viewer: Viewer): Promise<void> {
    const user = authorize(viewer, 'session.end');
    if (!viewer.key?.session) throw new BadInputError('session', 'this is an API key, not a browser session: revoke it instead');
    await this.revoke(em, user, viewer.key);
  }

  private startSession(em: Em, user: User): Promise<CreatedKey> {
    return em.transactional(async (tx) => {
      const created = this.newKey(tx, user, { name: 'web session', expiresAt: new Date(Date.now() + SESSION_MS) }, null);
      created.apiKey.session = true;
      await tx.flush();
      this.recordKey(tx, user, 'api_key.create', created.apiKey);
      return created;
    });
  }

  /**
   * Revokes one of the caller's keys (with any scope: a key that leaked must be easy to kill) or, for an
   * admin whose key holds the admin scope, anyone's. Revoking twice is harmless.
   */
  async revokeApiKey(em: Em, viewer: Viewer, id: string): Promise<ApiKey> {
    const caller = gate(viewer, 'apiKey.revoke');
    await this.limiter?.consume(viewer);
    const key = await this.findKey(em, id);
    // other people's keys do not exist for those who may not revoke them
    const actor = authorize(viewer, 'apiKey.revoke', { self: key.user.id === caller.id }, () => new NotFoundError('API key', id));
    return this.revoke(em, actor, key);
  }

  /** The server operator's revocation (admin CLI): any key. */
  async revokeKey(em: Em, id: string): Promise<ApiKey> {
    return this.revoke(em, null, await this.findKey(em, id));
  }

  listKeys(em: Em, user: User): Promise<ApiKey[]> {
    return em.find(ApiKey, { user }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /**
   * Resolves `Authorization: Bearer <key>`: no header is anonymous; anything else that is not a live key
   * is UNAUTHENTICATED with one vague message. `fork` gives the EntityManager: a kept, live key whose last use is
   * recorded costs none until the request reads `viewer.user` or `viewer.key` (a read whose answer is the same for
   * everyone never does).
   */
  async authenticate(fork: () => Em, header: string | undefined, ip: string): Promise<Viewer> {
    if (header === undefined) return { user: null, key: null, ip };
    const hash = bearerHash(header);
    const now = Date.now();
    const kept = hash === undefined ? undefined : await this.keys?.peek(hash);
    if (kept && live(kept.life, now) && useRecorded(kept.life, now)) {
      return mergedOnRead(() => kept.merge(fork()), ip);
    }
    const em = fork();
    const key = hash === undefined ? undefined : this.keys ? await this.keys.find(em, hash) : await em.findOne(ApiKey, { hash }, { populate: ['user'] });
    if (!key || !live(key, now)) throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
    if (!useRecorded(key, now)) {
      key.lastUsedAt = new Date(now);
      await em.nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: key.lastUsedAt });
      this.keys?.touched(hash!, key.lastUsedAt);
    }
    return { user: key.user, key, ip };
  }

  private async findKey(em: Em, id: string): Promise<ApiKey> {
    const key = await em.findOne(ApiKey, { id: rowId('API key', id) }, { populate: ['user'] });
    if (!key) throw new NotFoundError('API key', id);
    return key;
  }

  /**
   * Revokes the key and every key minted from it, at any depth (each named in the audit log). `actor` null: the server
   * operator. The key's row is written first: a key being minted from it at the same time (which locks that row)
   * either commits first, and is found here among the descendants, or finds its parent revoked.
   */
  private async revoke(em: Em, actor: User | null, key: ApiKey): Promise<ApiKey> {
    return em.transactional(async (tx) => {
      const now = new Date();
      if (!key.revokedAt) {
        key.revokedAt = now;
        this.recordKey(tx, actor, 'api_key.revoke', key);
        await tx.flush();
      }
      const descendants = await tx.execute<{ id: number }[]>(
        'with recursive minted (id) as (select id from api_key where parent_id = ? union all select k.id from api_key k join minted on k.parent_id = minted.id) select id from minted',
        [key.id],
      );
      if (descendants.length === 0) return key;
      for (const child of await tx.find(ApiKey, { id: { $in: descendants.map((d) => d.id) }, revokedAt: null }, { populate: ['user'] })) {
        child.revokedAt = now;
        this.recordKey(tx, actor, 'api_key.revoke', child, { with: `api_key:${key.id}` });
      }
      await tx.flush();
      return key;
    });
  }

  /**
   * `actor` null: the server operator; `parent`: the key minting this one (null: the operator). The parent's row is
   * locked and read again, so a key revoked meanwhile mints nothing. The audit entry needs the key's id, so the key is
   * written first (in one transaction).
   */
  private issue(em: Em, actor: User | null, owner: User, input: NewKey, parent: ApiKey | null): Promise<CreatedKey> {
    return em.transactional(async (tx) => {
      const live = parent && (await tx.findOne(ApiKey, { id: parent.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }));
      if (parent && (!live || live.revokedAt || (live.expiresAt && live.expiresAt.getTime() <= Date.now()))) throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
      const created = this.newKey(tx, owner, input, live);
      await tx.flush();
      this.recordKey(tx, actor, 'api_key.create', created.apiKey);
      return created;
    });
  }

  /**
   * Names the key by id and prefix, never by its secret or hash; `owner` tells whose it is when an admin acts on
   * another's; `with` names the key whose revocation revoked this one.
   */
  private recordKey(em: Em, actor: User | null, action: 'api_key.create' | 'api_key.revoke', key: ApiKey, cause: { with?: string } = {}): void {
    const facts = { owner: key.user.username, prefix: key.prefix, name: key.name, scopes: key.scopes, ...cause };
    this.audit.record(em, actor, action, `api_key:${key.id}`, actor ? facts : { ...facts, ...BY_OPERATOR });
  }

  /** `parent`: the key asking for this one, whose scopes and expiry the new key may not exceed; null for the server operator. */
  private newKey(em: Em, user: User, input: NewKey, parent: ApiKey | null): CreatedKey {
    const role = ROLE_SCOPES[user.role];
    const allowed = parent ? role.filter((s) => parent.scopes.includes(s)) : role;
    const scopes = input.scopes ?? allowed;
    const unknown = scopes.filter((s) => !(ALL_SCOPES as string[]).includes(s));
    if (unknown.length) throw new BadInputError('scopes', `unknown scope "${unknown[0]}"; use ${ALL_SCOPES.join(', ')}`);
    const beyondRole = scopes.filter((s) => !role.includes(s as Scope));
    if (beyondRole.length) throw new AppError('FORBIDDEN', `${withArticle(user.role)} cannot hold the "${beyondRole[0]}" scope`);
    const beyondKey = scopes.filter((s) => !allowed.includes(s as Scope));
    if (beyondKey.length) throw new AppError('FORBIDDEN', `this API key lacks the "${beyondKey[0]}" scope, so it cannot give it to a new key`);
    const expiresAt = input.expiresAt ?? parent?.expiresAt ?? null;
    // an Invalid Date (a huge --expires-days) or a year past 9999 cannot be stored as a date, nor written as one
    if (expiresAt && !(expiresAt.getUTCFullYear() <= 9999)) throw new BadInputError('expiresAt', 'must be a date before the year 10000');
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new BadInputError('expiresAt', 'must be in the future');
    if (parent?.expiresAt && (!expiresAt || expiresAt > parent.expiresAt)) {
      throw new AppError('FORBIDDEN', `this API key expires at ${parent.expiresAt.toISOString()}, so it cannot create a key that outlives it`, { field: 'expiresAt' });
    }
    const name = input.name?.trim() || 'API key';
    if (name.length > 128) throw new BadInputError('name', 'at most 128 characters');
    const secret = KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
    const apiKey = em.create(ApiKey, { user, name, prefix: secret.slice(0, 12), hash: hashKey(secret), scopes: [...new Set(scopes)], expiresAt, parent });
    return { key: secret, apiKey };
  }
}
