import redisDriver from 'unstorage/drivers/redis'

// With several app instances behind a load balancer, the 1 s room-status cache is shared through
// Redis, so LiveKit sees about one RoomService call per room per second for all of them, not one
// per instance. Commands fail fast when Redis is unreachable (no offline queue): Nitro's cached
// functions then log the cache error and ask LiveKit directly instead of hanging the request.
export default defineNitroPlugin(() => {
  const url = resolveCacheRedisUrl()
  if (!url) return
  useStorage().mount('cache', redisDriver({
    url,
    base: 'liveshop',
    preConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  }))
})
