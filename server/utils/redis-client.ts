import Redis from 'ioredis'

/**
 * An ioredis client for request-path work (rate limits) that never makes a request wait on a
 * dead Redis: no offline queue (a command while disconnected fails at once instead of queueing),
 * short connect/command timeouts (a Redis that accepts but does not answer fails in ~0.5 s), and
 * reconnects in the background every ≤ 2 s. Callers need their own fallback for the failures.
 * `lazyConnect` so that merely importing/creating it (build, tests) opens nothing; we connect
 * right after creating it so the first requests normally find it ready.
 */
export function createFastFailRedis(url: string, timeoutMs = 500): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: times => Math.min(times * 200, 2000),
  })
  // ioredis emits 'error' on every failed reconnect (and warns about unhandled ones): the user of
  // the client reports the outage once, where it knows what the fallback is.
  client.on('error', () => {})
  client.connect().catch(() => { /* reported by the 'error' listener; retried by retryStrategy */ })
  return client
}

let shared: Redis | undefined

/**
 * The process's one Redis client for rate limits when NUXT_CACHE_REDIS_URL / REDIS_URL is set
 * (the same Redis the cache uses, see plugins/cache-storage.ts); undefined when none is configured.
 */
export function sharedRedis(): Redis | undefined {
  const url = resolveCacheRedisUrl()
  if (!url) return undefined
  shared ??= createFastFailRedis(url)
  return shared
}
