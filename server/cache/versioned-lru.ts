import { LRUCache } from 'lru-cache';

export interface VersionedLruOptions<V> {
  /** Values kept; 0 keeps none. */
  entries: number;
  /** Upper bound on the bytes kept, as `size` counts them. */
  maxBytes: number;
  size: (value: V, key: string) => number;
  /**
   * Keep a value only when its key was set once before (recently, at any version): what is asked once, such as a
   * type-ahead query nobody else types, is never kept.
   */
  secondRequest?: boolean;
}

/**
 * Values kept for the current data version only. Versions only grow: a newer one drops every kept value (none can
 * be served again); a caller still holding an older version neither reads nor fills, so it cannot empty the cache
 * of the newer one or keep an answer that may predate a write. The one rule behind both response caches.
 */
export class VersionedLru<V extends object> {
  private readonly kept: LRUCache<string, V> | undefined;
  private readonly door: Doorkeeper | undefined;
  private version = -1;

  constructor(options: VersionedLruOptions<V>) {
    if (options.entries > 0) this.kept = new LRUCache<string, V>({ max: options.entries, maxSize: options.maxBytes, sizeCalculation: (v, k) => Math.max(1, options.size(v, k)) });
    if (options.entries > 0 && options.secondRequest) this.door = new Doorkeeper(options.entries * 8);
  }

  get(version: number, key: string): V | undefined {
    if (version > this.version) {
      this.version = version;
      this.kept?.clear();
    }
    return version === this.version ? this.kept?.get(key) : undefined;
  }

  /** The value kept for a key at a version, without moving to that version. */
  peek(version: number, key: string): V | undefined {
    return version === this.version ? this.kept?.get(key) : undefined;
  }

  set(version: number, key: string, value: V): void {
    if (version !== this.version || !this.kept) return;
    if (this.door && !this.door.seenBefore(key)) return;
    this.kept.set(key, value);
  }
}

/**
 * The keys seen recently, as 32-bit hashes in a fixed table (one per slot, the newest winning): no allocation per
 * key, so a stream of keys that never repeat costs no garbage. A collision admits a key early or forgets one, both
 * harmless to a cache.
 */
class Doorkeeper {
  private readonly slots: Uint32Array;

  constructor(atLeast: number) {
    this.slots = new Uint32Array(2 ** Math.ceil(Math.log2(Math.max(1024, atLeast))));
  }

  /** Records the key; true when it was already recorded. */
  seenBefore(key: string): boolean {
    // FNV-1a over the UTF-16 code units; 0 marks an empty slot
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    const stamp = (hash | 1) >>> 0;
    const slot = (hash >>> 7) & (this.slots.length - 1);
    if (this.slots[slot] === stamp) return true;
    this.slots[slot] = stamp;
    return false;
  }
}
