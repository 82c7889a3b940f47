import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.js';
import type { Viewer } from './modules/accounts/auth.js';

export interface RateLimitConfig {
  /** Writes a minute per API key. */
  writesPerKey: number;
  /** Writes a minute per client IP, signed in or not. */
  writesPerIp: number;
  /** Usage reports (installs, uninstalls, telemetry) a minute per client IP. */
  usagePerIp: number;
  /** Private reports about plugins a minute per client IP. */
  reportsPerIp: number;
  /** Shared counters for several replicas; without it each process counts on its own. */
  redisUrl?: string;
}

/** Sign-in attempts a minute for one account name from one address, and from one address in all. */
const SIGN_INS_PER_LOGIN = 5;
const SIGN_INS_PER_IP = 30;
/** Device logins (RFC 8628) a client address may start a minute, and user codes one person may try a minute. */
const DEVICE_CODES_PER_IP = 10;
const USER_CODE_TRIES_PER_USER = 10;

interface Bucket {
  limiter: RateLimiterAbstract;
  key: string;
  limit: number;
}

/**
 * Limits on writes, per API key and per IP, and on anonymous usage reports, per IP in a budget of their own
 * (one client must not skew install counts and error rates, yet a fleet behind one NAT address reports a lot).
 * From rate-limiter-flexible: in process, or shared by every replica through Redis when `REDIS_URL` is set.
 * Every counted request's viewer gets the IETF RateLimit-* headers of its tightest limit, for its answer
 * whatever it is; a refusal is RATE_LIMITED (429) with Retry-After too.
 */
export class WriteLimiter {
  private constructor(
    private readonly config: RateLimitConfig,
    private readonly perKey: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
    private readonly usagePerIp: RateLimiterAbstract,
    private readonly reportsPerIp: RateLimiterAbstract,
    private readonly signInsPerLogin: RateLimiterAbstract,
    private readonly signInsPerIp: RateLimiterAbstract,
    private readonly deviceCodesPerIp: RateLimiterAbstract,
    private readonly userCodeTries: RateLimiterAbstract,
    private readonly redis?: Redis,
  ) {}

  /** Counts in process, or in Redis when configured (ioredis is loaded only then). */
  static async create(config: RateLimitConfig): Promise<WriteLimiter> {
    if (!config.redisUrl) return WriteLimiter.of(config, (keyPrefix, points) => new RateLimiterMemory({ keyPrefix, points, duration: 60 }));
    const { Redis } = await import('ioredis');
    // fail fast rather than queue writes behind a Redis that is down
    const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    const shared = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `loom-${keyPrefix}`, points, duration: 60, insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }) });
    return WriteLimiter.of(config, shared, redis);
  }

  /** Every bucket, made by `make` (a limiter of `points` a minute under a key prefix). */
  private static of(config: RateLimitConfig, make: (keyPrefix: string, points: number) => RateLimiterAbstract, redis?: Redis): WriteLimiter {
    return new WriteLimiter(
      config,
      make('write-key', config.writesPerKey),
      make('write-ip', config.writesPerIp),
      make('usage-ip', config.usagePerIp),
      make('report-ip', config.reportsPerIp),
      make('sign-in-login', SIGN_INS_PER_LOGIN),
      make('sign-in-ip', SIGN_INS_PER_IP),
      make('device-code-ip', DEVICE_CODES_PER_IP),
      make('user-code-user', USER_CODE_TRIES_PER_USER),
      redis,
    );
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

  private writeBuckets(viewer: Viewer): Bucket[] {
    const buckets: Bucket[] = [{ limiter: this.perIp, key: viewer.ip, limit: this.config.writesPerIp }];
    if (viewer.key) buckets.unshift({ limiter: this.perKey, key: viewer.key.hash, limit: this.config.writesPerKey });
    return buckets;
  }

  /** One write: taken from what the request reserved, if it did. */
  async consume(viewer: Viewer): Promise<void> {
    if (viewer.reservedWrites) {
      viewer.reservedWrites--;
      return;
    }
    return this.take(viewer, this.writeBuckets(viewer), 'writes');
  }

  /**
   * Takes every write a request may make at once, before any of them runs (a GraphQL request's mutation
   * fields, aliases included), or none: a request that does not fit is refused as a whole and charged nothing.
   * `release` gives back what the request did not use.
   */
  async reserve(viewer: Viewer, writes: number): Promise<void> {
    const taken: Bucket[] = [];
    for (const bucket of this.writeBuckets(viewer)) {
      try {
        const res = await bucket.limiter.consume(bucket.key, writes);
        taken.push(bucket);
        this.tighten(viewer, bucket.limit, res);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        // a refused consume still counted its points: give them back, and those of the buckets already taken
        await Promise.all([bucket, ...taken].map((b) => b.limiter.reward(b.key, writes)));
        const seconds = inSeconds(err.msBeforeNext);
        const left = Math.max(0, bucket.limit - (err.consumedPoints - writes));
        viewer.rateLimit = rateLimitHeaders(bucket.limit, left, seconds);
        throw new AppError(
          'RATE_LIMITED',
          `too many writes: this request makes up to ${writes}, and ${left} of ${bucket.limit} a minute are left; nothing was written; retry in ${seconds} s`,
          { retryAfter: seconds, limit: bucket.limit, remaining: left, requested: writes },
          { 'retry-after': String(seconds), ...viewer.rateLimit },
        );
      }
    }
    viewer.reservedWrites = writes;
  }

  /** Gives back the writes a request reserved and did not make. */
  async release(viewer: Viewer): Promise<void> {
    const unused = viewer.reservedWrites ?? 0;
    viewer.reservedWrites = 0;
    if (unused > 0) await Promise.all(this.writeBuckets(viewer).map((b) => b.limiter.reward(b.key, unused)));
  }

  /** One usage report. */
  consumeUsage(viewer: Viewer): Promise<void> {
    return this.take(viewer, [{ limiter: this.usagePerIp, key: viewer.ip, limit: this.config.usagePerIp }], 'usage reports from this address');
  }

  /** One private report about a plugin, anonymous or not: a budget of its own per address, since a person reads each. */
  consumeReport(viewer: Viewer): Promise<void> {
    return this.take(viewer, [{ limiter: this.reportsPerIp, key: viewer.ip, limit: this.config.reportsPerIp }], 'reports from this address');
  }

  /**
   * One sign-in attempt (password or sign-up): a few a minute per account name from one address, so passwords cannot
   * be guessed, and a bounded number per address, so names cannot be sprayed.
   */
  consumeSignIn(viewer: Viewer, login: string): Promise<void> {
    return this.take(
      viewer,
      [
        { limiter: this.signInsPerLogin, key: `${viewer.ip}\n${login.toLowerCase()}`, limit: SIGN_INS_PER_LOGIN },
        { limiter: this.signInsPerIp, key: viewer.ip, limit: SIGN_INS_PER_IP },
      ],
      'sign-in attempts',
    );
  }

  /** One device login started (`POST /oauth/device/code`), per client address. */
  consumeDeviceCode(viewer: Viewer): Promise<void> {
    return this.take(viewer, [{ limiter: this.deviceCodesPerIp, key: viewer.ip, limit: DEVICE_CODES_PER_IP }], 'device logins started from this address');
  }

  /** One user code looked up on /device, per person: the codes cannot be guessed by trying them. */
  consumeUserCode(viewer: Viewer, userId: number): Promise<void> {
    return this.take(viewer, [{ limiter: this.userCodeTries, key: String(userId), limit: USER_CODE_TRIES_PER_USER }], 'codes tried');
  }

  private async take(viewer: Viewer, buckets: Bucket[], what: string): Promise<void> {
    for (const { limiter, key, limit } of buckets) {
      let res: RateLimiterRes;
      try {
        res = await limiter.consume(key);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = inSeconds(err.msBeforeNext);
        viewer.rateLimit = rateLimitHeaders(limit, 0, seconds);
        throw new AppError('RATE_LIMITED', `too many ${what}: at most ${limit} a minute; retry in ${seconds} s`, { retryAfter: seconds, limit }, {
          'retry-after': String(seconds),
          ...viewer.rateLimit,
        });
      }
      this.tighten(viewer, limit, res);
    }
  }

  /** The RateLimit-* headers of the tightest bucket counted so far in this request. */
  private tighten(viewer: Viewer, limit: number, res: RateLimiterRes): void {
    const current = viewer.rateLimit ? Number(viewer.rateLimit['ratelimit-remaining']) : Infinity;
    if (res.remainingPoints < current) viewer.rateLimit = rateLimitHeaders(limit, res.remainingPoints, inSeconds(res.msBeforeNext));
  }
}

const inSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return { 'ratelimit-limit': String(limit), 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(resetSeconds) };
}
