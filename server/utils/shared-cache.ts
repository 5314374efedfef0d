import type { SharedCacheStore } from './bounded-cache'

/**
 * The Redis-backed `cache` storage (server/plugins/cache-storage.ts) as a SharedCacheStore for
 * createBoundedCache, under `prefix`; null when no Redis is configured (memory per instance).
 */
export function sharedCacheStore(prefix: string): SharedCacheStore | null {
  if (!resolveCacheRedisUrl()) return null
  return {
    get: key => useStorage('cache').getItem(`${prefix}:${key}`),
    set: (key, entry, ttlSeconds) => useStorage('cache').setItem(`${prefix}:${key}`, entry, { ttl: ttlSeconds }),
  }
}
