import type { Redis } from 'ioredis';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  /** Seconds until the window ends. */
  retryAfter: number;
}

/**
 * Fixed-window counters keyed by anything (`login:ip:1.2.3.4`, `login:acct:<id>`). Used by the auth
 * module for per-IP and per-account limits, shared across instances when Redis is configured.
 */
export interface RateLimiter {
  /** Counts one hit against `key` and says whether it is within `limit` per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /** Looks without counting. */
  peek(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string, windowSeconds: number) => {
    const t = now();
    let w = windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + windowSeconds * 1000 };
      windows.set(key, w);
    }
    if (windows.size > 100_000) {
      for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k);
    }
    return w;
  };
  const result = (w: { count: number; resetAt: number }, limit: number): RateLimitResult => ({
    allowed: w.count <= limit,
    count: w.count,
    retryAfter: Math.max(1, Math.ceil((w.resetAt - now()) / 1000)),
  });
  return {
    async hit(key, limit, windowSeconds) {
      const w = current(key, windowSeconds);
      w.count += 1;
      return result(w, limit);
    },
    async peek(key, limit, windowSeconds) {
      const w = current(key, windowSeconds);
      return { ...result(w, limit), allowed: w.count < limit };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function createRedisRateLimiter(redis: Redis, prefix = 'soko:rl:'): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const k = prefix + key;
      const [[, count], [, ttl]] = (await redis.multi().incr(k).pttl(k).exec()) as [
        [null, number],
        [null, number],
      ];
      let ms = ttl;
      if (ttl < 0) {
        await redis.pexpire(k, windowSeconds * 1000);
        ms = windowSeconds * 1000;
      }
      return { allowed: count <= limit, count, retryAfter: Math.max(1, Math.ceil(ms / 1000)) };
    },
    async peek(key, limit, windowSeconds) {
      const k = prefix + key;
      const [[, raw], [, ttl]] = (await redis.multi().get(k).pttl(k).exec()) as [
        [null, string | null],
        [null, number],
      ];
      const count = raw ? Number(raw) : 0;
      const ms = ttl > 0 ? ttl : windowSeconds * 1000;
      return { allowed: count < limit, count, retryAfter: Math.max(1, Math.ceil(ms / 1000)) };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
  };
}
