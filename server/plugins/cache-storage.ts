import redisDriver from 'unstorage/drivers/redis'

// With several app instances behind a load balancer, the 1 s room-status cache is shared through
// Redis, so LiveKit sees about one RoomService call per room per second for all of them, not one
// per instance. Commands fail fast when Redis is unreachable (no offline queue): the caches then
// log the error and ask LiveKit directly instead of hanging the request. Every key written through
// this mount expires (`ttl`, seconds, unless the writer sets a shorter one): nothing here may grow
// Redis without bound, whoever writes it (Nitro's cached functions in swr mode set none).
export const CACHE_KEY_MAX_TTL_SECONDS = 15 * 60
export default defineNitroPlugin(() => {
  const url = resolveCacheRedisUrl()
  if (!url) return
  useStorage().mount('cache', redisDriver({
    url,
    base: 'liveshop',
    preConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    ttl: CACHE_KEY_MAX_TTL_SECONDS,
  }))
})
