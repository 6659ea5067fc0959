import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { skipUnless } from '../test/services.js';
import { createMemoryCache, createRedisCache, type Cache } from './cache.js';
import { createMemoryPubSub, createRedisPubSub, type PubSub } from './pubsub.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createDiskStorage, createS3Storage } from './storage.js';

const noRedis = skipUnless('redis', 'Redis cache, pub/sub and rate limiter tests');
const redis = noRedis ? undefined : new Redis(process.env.TEST_REDIS_URL!);
const prefix = `soko:test:${process.pid}:${Date.now()}:`;
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const caches: [string, () => Cache][] = [['memory', () => createMemoryCache()]];
const limiters: [string, () => RateLimiter][] = [['memory', () => createMemoryRateLimiter()]];
const buses: [string, () => PubSub][] = [['memory', () => createMemoryPubSub()]];
if (redis) {
  caches.push(['redis', () => createRedisCache(redis, `${prefix}c:`)]);
  limiters.push(['redis', () => createRedisRateLimiter(redis, `${prefix}rl:${Math.random()}:`)]);
  buses.push(['redis', () => createRedisPubSub(redis, `${prefix}ps:`)]);
}

describe.each(caches)('cache (%s)', (_name, make) => {
  it('stores, reads and drops entries by tag', async () => {
    const cache = make();
    await cache.set('a', 'one', { ttlSeconds: 60, tags: ['catalog'] });
    await cache.set('b', 'two', { ttlSeconds: 60, tags: ['other'] });
    expect(await cache.get('a')).toBe('one');
    await cache.invalidateTags(['catalog']);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBe('two');
  });

  it('an entry written after an invalidation is served', async () => {
    const cache = make();
    await cache.invalidateTags(['t']);
    await cache.set('k', 'fresh', { ttlSeconds: 60, tags: ['t'] });
    expect(await cache.get('k')).toBe('fresh');
  });
});

describe('memory cache', () => {
  it('is bounded by size: a large value evicts the least recently used entries', async () => {
    const cache = createMemoryCache({ maxBytes: 1000 });
    await cache.set('a', 'x'.repeat(300), { ttlSeconds: 60, tags: ['catalog'] });
    await cache.set('b', 'y'.repeat(300), { ttlSeconds: 60, tags: ['catalog'] });
    expect(await cache.get('a')).toBeDefined(); // a is now more recently used than b
    await cache.set('c', 'z'.repeat(500), { ttlSeconds: 60, tags: ['catalog'] });
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toHaveLength(300);
    expect(await cache.get('c')).toHaveLength(500);
  });

  it('does not store a value larger than the whole cache, and keeps what it had', async () => {
    const cache = createMemoryCache({ maxBytes: 1000 });
    await cache.set('a', 'small', { ttlSeconds: 60, tags: ['t'] });
    await cache.set('huge', 'h'.repeat(5000), { ttlSeconds: 60, tags: ['t'] });
    expect(await cache.get('huge')).toBeUndefined();
    expect(await cache.get('a')).toBe('small');
  });
});

describe.each(limiters)('rate limiter (%s)', (_name, make) => {
  it('allows up to the limit in a window, then answers with a retry time', async () => {
    const limiter = make();
    for (let i = 0; i < 3; i++) expect((await limiter.hit('k', 3, 60)).allowed).toBe(true);
    const over = await limiter.hit('k', 3, 60);
    expect(over.allowed).toBe(false);
    expect(over.retryAfter).toBeGreaterThan(0);
    expect(over.retryAfter).toBeLessThanOrEqual(60);
    expect((await limiter.peek('k', 3, 60)).allowed).toBe(false);
    await limiter.reset('k');
    expect((await limiter.hit('k', 3, 60)).allowed).toBe(true);
  });
});

describe.each(buses)('pub/sub (%s)', (_name, make) => {
  it('delivers to subscribers until they unsubscribe', async () => {
    const bus = make();
    const got: unknown[] = [];
    const arrived = new Promise<void>((resolve) => {
      void bus.subscribe('orders', (m) => {
        got.push(m);
        resolve();
      });
    });
    // Redis needs the SUBSCRIBE to land before the PUBLISH.
    await new Promise((r) => setTimeout(r, 50));
    await bus.publish('orders', { id: 1 });
    await arrived;
    expect(got).toEqual([{ id: 1 }]);
    await bus.close();
  });
});

describe('storage', () => {
  it('disk: writes under the root, serves by URL, refuses keys that escape it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'soko-storage-'));
    try {
      const storage = createDiskStorage(root, 'http://api.test');
      await storage.put('products/p1/a.webp', Buffer.from('img'), 'image/webp');
      expect(await readFile(path.join(root, 'products/p1/a.webp'), 'utf8')).toBe('img');
      expect(storage.url('products/p1/a.webp')).toBe('http://api.test/uploads/products/p1/a.webp');
      await expect(storage.put('../escape.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow(/unsafe/);
      await storage.delete('products/p1/a.webp');
      await expect(readFile(path.join(root, 'products/p1/a.webp'))).rejects.toThrow();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('S3: sends SigV4-signed PUT and DELETE to bucket/key with long cache headers', async () => {
    const seen: { method: string; url: string; auth: string; cache: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          auth: String(req.headers.authorization),
          cache: String(req.headers['cache-control']),
          body,
        });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const s3 = createS3Storage({
        endpoint: `http://127.0.0.1:${port}`,
        bucket: 'shop',
        region: 'us-east-1',
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
        publicUrl: 'https://cdn.example.com',
      });
      await s3.put('products/p1/a.webp', Buffer.from('img'), 'image/webp');
      await s3.delete('products/p1/a.webp');
      expect(seen[0]).toMatchObject({ method: 'PUT', url: '/shop/products/p1/a.webp', body: 'img' });
      expect(seen[0]!.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      expect(seen[0]!.cache).toContain('immutable');
      expect(seen[1]).toMatchObject({ method: 'DELETE', url: '/shop/products/p1/a.webp' });
      expect(s3.url('products/p1/a.webp')).toBe('https://cdn.example.com/products/p1/a.webp');
    } finally {
      server.close();
    }
  });
});
