import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.js';
import type { Viewer } from './modules/user/auth.js';

export interface RateLimitConfig {
  /** Writes a minute per API key. */
  writesPerKey: number;
  /** Writes a minute per client IP, signed in or not. */
  writesPerIp: number;
}

/**
 * Limits on writes, per API key and per IP, from rate-limiter-flexible (in-process here; the same
 * interface has a Redis store for several replicas). A refusal is RATE_LIMITED (429) with Retry-After
 * and the IETF RateLimit-* headers.
 */
export class WriteLimiter {
  private readonly perKey: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;

  constructor(private readonly config: RateLimitConfig) {
    this.perKey = new RateLimiterMemory({ keyPrefix: 'write-key', points: config.writesPerKey, duration: 60 });
    this.perIp = new RateLimiterMemory({ keyPrefix: 'write-ip', points: config.writesPerIp, duration: 60 });
  }

  async consume(viewer: Viewer): Promise<void> {
    if (viewer.key) await this.take(this.perKey, String(viewer.key.id), this.config.writesPerKey);
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
