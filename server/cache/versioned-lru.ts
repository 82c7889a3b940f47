import { LRUCache } from 'lru-cache';

export interface VersionedLruOptions<V> {
  /** Values kept; 0 keeps none. */
  entries: number;
  /** Upper bound on the bytes kept, as `size` counts them. */
  maxBytes: number;
  size: (value: V, key: string) => number;
}

/**
 * Values kept for the current data version only. Versions only grow: a newer one drops every kept value (none can
 * be served again); a caller still holding an older version neither reads nor fills, so it cannot empty the cache
 * of the newer one or keep an answer that may predate a write. The one rule behind both response caches.
 */
export class VersionedLru<V extends object> {
  private readonly kept: LRUCache<string, V> | undefined;
  private version = -1;

  constructor(options: VersionedLruOptions<V>) {
    if (options.entries > 0) this.kept = new LRUCache<string, V>({ max: options.entries, maxSize: options.maxBytes, sizeCalculation: (v, k) => Math.max(1, options.size(v, k)) });
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
    if (version === this.version) this.kept?.set(key, value);
  }
}
