import { wrap, type EntityData } from '@mikro-orm/core';
import type { DataVersion } from '../../cache/data-version.js';
import { VersionedLru } from '../../cache/versioned-lru.js';
import type { Em } from '../../orm.js';
import { ApiKey, User } from './user.entity.js';

/** A resolved key as plain data: its columns and its owner's, with the parent by id. */
interface Kept {
  key: EntityData<ApiKey>;
  user: EntityData<User>;
}

/** What checking a key needs of it. */
export interface KeyLife {
  readonly revokedAt?: Date | null;
  readonly expiresAt?: Date | null;
  readonly lastUsedAt?: Date | null;
}

/** Keys kept at most; each is a few hundred bytes. */
const KEYS_KEPT = 10_000;

/**
 * API keys already resolved, by the hash of their secret, for the current **auth version** only (a counter that
 * triggers bump on every write that changes who may sign in with which key: revocation, expiry, scopes, owner, a user
 * changed or deleted; see migration 0019). A signed-in request then costs no query: the kept key and its owner are
 * merged into the request's EntityManager as managed entities, as if `findOne` had read them. Revoking a key on any
 * replica moves the version, so every process drops what it kept (SQLite within 100 ms, PostgreSQL on the commit's
 * NOTIFY). Expiry is checked on every use by the caller; a key that is not found is never kept.
 */
export class KeyCache {
  private readonly kept = new VersionedLru<Kept>({ entries: KEYS_KEPT, maxBytes: KEYS_KEPT * 1024, size: () => 1 });

  constructor(private readonly version: DataVersion) {}

  /** The key with this hash, with its owner, from what is kept or else from the database (`undefined`: no such key). */
  async find(em: Em, hash: string): Promise<ApiKey | undefined> {
    const version = await this.version.current();
    const kept = this.kept.get(version, hash);
    if (kept) return merged(em, kept);
    const key = await em.findOne(ApiKey, { hash }, { populate: ['user'] });
    if (!key) return undefined;
    const { user: _user, parent: _parent, ...columns } = wrap(key).toPOJO();
    const data = { key: { ...columns, parent: key.parent?.id ?? null }, user: wrap(key.user).toPOJO() };
    this.kept.set(version, hash, structuredClone(data) as Kept);
    return key;
  }

  /**
   * The kept key with this hash, not yet copied into any EntityManager (`undefined`: not kept): its columns to check it
   * by (never to be changed), and `merge`, which makes it and its owner managed entities of `em` as `find` does.
   */
  async peek(hash: string): Promise<{ life: KeyLife; merge(em: Em): ApiKey } | undefined> {
    const kept = this.kept.get(await this.version.current(), hash);
    // the kept columns are toPOJO's: dates as Date
    return kept && { life: kept.key as KeyLife, merge: (em) => merged(em, kept) };
  }

  /** Keeps a later `last_used_at` for the key, so it is not written again within the resolution. */
  touched(hash: string, at: Date): void {
    const kept = this.kept.peek(this.version.peek() ?? -1, hash);
    if (kept) kept.key.lastUsedAt = at;
  }
}

/** The kept key and owner as managed entities of `em`: copies, as the request may change its entities, never what the next request starts from. */
function merged(em: Em, kept: Kept): ApiKey {
  const user = em.merge(User, structuredClone(kept.user));
  return em.merge(ApiKey, { ...structuredClone(kept.key), user });
}
