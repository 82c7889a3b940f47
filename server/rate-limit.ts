import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.js';
import type { Viewer } from './modules/user/auth.js';

export interface RateLimitConfig {
  /** Writes a minute per API key. */
  writesPerKey: number;
  /** Writes a minute per client IP, signed in or not. */
  writesPerIp: number;
  /** Shared counters for several replicas; without it each process counts on its own. */
  redisUrl?: string;
}

/**
 * Limits on writes, per API key and per IP, from rate-limiter-flexible: in process, or shared by every
 * replica through Redis when `REDIS_URL` is set. A refusal is RATE_LIMITED (429) with Retry-After and the
 * IETF RateLimit-* headers.
 */
export class WriteLimiter {
  private constructor(
    private readonly config: RateLimitConfig,
    private readonly perKey: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
    private readonly redis?: Redis,
  ) {}

  /** Counts in process, or in Redis when configured (ioredis is loaded only then). */
  static async create(config: RateLimitConfig): Promise<WriteLimiter> {
    if (!config.redisUrl) {
      return new WriteLimiter(
        config,
        new RateLimiterMemory({ keyPrefix: 'write-key', points: config.writesPerKey, duration: 60 }),
        new RateLimiterMemory({ keyPrefix: 'write-ip', points: config.writesPerIp, duration: 60 }),
      );
    }
    const { Redis } = await import('ioredis');
    // fail fast rather than queue writes behind a Redis that is down
    const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    const shared = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: 60, insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }) });
    return new WriteLimiter(config, shared('loom-write-key', config.writesPerKey), shared('loom-write-ip', config.writesPerIp), redis);
  }

  /** Waits (briefly) for Redis, so the first writes are counted where every replica sees them. */
  async ready(timeoutMs = 3000): Promise<boolean> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    await this.redis?.quit();
  }

  async consume(viewer: Viewer): Promise<void> {
    if (viewer.key) await this.take(this.perKey, viewer.key.hash, this.config.writesPerKey);
    await this.take(this.perIp, viewer.ip, this.config.writesPerIp);
  }

  private async take(limiter: RateLimiterAbstract, key: string, limit: number): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', `too many writes: at most ${limit} a minute; retry in ${seconds} s`, { retryAfter: seconds, limit }, {
        'retry-after': String(seconds),
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(seconds),
      });
    }
  }
}
