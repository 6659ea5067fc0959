import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';

/**
 * A string cache with tag invalidation. Entries are grouped by tag (e.g. `catalog`) so a write
 * can drop every read it changes with one call.
 */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options: { ttlSeconds: number; tags?: string[] }): Promise<void>;
  /** Drops every entry stored under any of these tags. */
  invalidateTags(tags: string[]): Promise<void>;
}

/**
 * In-process LRU (one API process: the embedded default), bounded by size: at most `maxBytes`
 * of keys and values (counted as characters, one byte each for the ASCII JSON stored here; a
 * value larger than the bound is not stored), least recently used dropped first.
 */
export function createMemoryCache({ maxBytes = 32 * 1024 * 1024 }: { maxBytes?: number } = {}): Cache {
  const tagged = new Map<string, Set<string>>();
  const entries = new LRUCache<string, { value: string; tags: string[] }>({
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => entry.value.length + key.length || 1,
    ttlAutopurge: false,
    // An entry leaving the cache (evicted, expired, replaced, deleted) leaves its tags' key sets.
    dispose: (entry, key) => {
      for (const tag of entry.tags) tagged.get(tag)?.delete(key);
    },
  });
  return {
    async get(key) {
      return entries.get(key)?.value;
    },
    async set(key, value, { ttlSeconds, tags = [] }) {
      entries.set(key, { value, tags }, { ttl: ttlSeconds * 1000 });
      if (!entries.has(key)) return; // larger than the whole cache
      for (const tag of tags) {
        let keys = tagged.get(tag);
        if (!keys) tagged.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },
    async invalidateTags(tags) {
      for (const tag of tags) {
        for (const key of tagged.get(tag) ?? []) entries.delete(key);
        tagged.delete(tag);
      }
    },
  };
}

/**
 * Redis cache shared by every API instance. Tags are versioned: a key embeds the current version
 * of each of its tags, so invalidation is one INCR and stale entries simply expire.
 */
export function createRedisCache(redis: Redis, prefix = 'soko:cache:'): Cache {
  const tagVersions = async (tags: string[]) =>
    tags.length === 0 ? [] : await redis.mget(tags.map((t) => `${prefix}tag:${t}`));
  // The tag list is part of the stored value so get() can check versions without knowing tags.
  return {
    async get(key) {
      const raw = await redis.get(prefix + key);
      if (raw === null) return undefined;
      const sep = raw.indexOf('\n');
      const header = JSON.parse(raw.slice(0, sep)) as { tags: string[]; versions: (string | null)[] };
      const current = await tagVersions(header.tags);
      if (current.some((v, i) => v !== header.versions[i])) return undefined;
      return raw.slice(sep + 1);
    },
    async set(key, value, { ttlSeconds, tags = [] }) {
      const versions = await tagVersions(tags);
      await redis.set(prefix + key, `${JSON.stringify({ tags, versions })}\n${value}`, 'EX', ttlSeconds);
    },
    async invalidateTags(tags) {
      if (tags.length === 0) return;
      const multi = redis.multi();
      for (const t of tags) multi.incr(`${prefix}tag:${t}`);
      await multi.exec();
    },
  };
}
