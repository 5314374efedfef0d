// A small read-through cache for values many clients poll (room status, live shows): bounded in
// age AND in size, unlike Nitro's cached functions (their swr mode serves an entry of any age —
// after a quiet hour the first viewer got the hour-old answer — and keeps one entry per key
// forever, in memory and in Redis without a TTL).
//
// - fresh (age < freshMs): answered from memory;
// - stale (freshMs ≤ age < staleMs): answered at once from memory while ONE refresh runs, so
//   pollers never wait for the upstream (p99 stays flat under 1,000 pollers);
// - older, or unknown: the caller waits for the refresh (never an answer older than staleMs);
// - concurrent refreshes of one key in an instance share one upstream call;
// - at most maxEntries keys in memory (least recently refreshed dropped first);
// - shared (Redis, several instances): values are read from / written to it with a TTL, so one
//   upstream call per key per freshMs serves every instance and no key outlives staleMs there.
// Pure (no Nitro imports): server/utils/room-status.ts wires it to LiveKit and Redis.

export interface CacheEntry<T> {
  value: T
  /** When the value was fetched upstream (epoch ms). */
  at: number
}

export interface SharedCacheStore {
  get: (key: string) => Promise<unknown>
  set: (key: string, entry: CacheEntry<unknown>, ttlSeconds: number) => Promise<void>
}

export interface BoundedCacheOptions<T> {
  fetch: (key: string) => Promise<T>
  freshMs: number
  staleMs: number
  maxEntries: number
  shared?: SharedCacheStore | null
  now?: () => number
  /** Shared-store and background-refresh failures (logged by the caller). */
  onError?: (error: unknown, what: string) => void
}

export function createBoundedCache<T>(options: BoundedCacheOptions<T>) {
  const now = options.now ?? Date.now
  const local = new Map<string, CacheEntry<T>>()
  const pending = new Map<string, Promise<CacheEntry<T>>>()
  // A failed fetch is not retried for freshMs (an upstream that is down is not asked per request).
  const failures = new Map<string, { at: number, error: unknown }>()
  const report = options.onError ?? (() => {})
  const sharedTtlSeconds = Math.max(1, Math.ceil(options.staleMs / 1000))

  const remember = (key: string, entry: CacheEntry<T>) => {
    local.delete(key)
    local.set(key, entry)
    while (local.size > options.maxEntries) local.delete(local.keys().next().value!)
  }

  const isEntry = (found: unknown): found is CacheEntry<T> =>
    !!found && typeof found === 'object' && 'at' in found && typeof (found as CacheEntry<T>).at === 'number' && 'value' in found

  async function load(key: string): Promise<CacheEntry<T>> {
    if (options.shared) {
      const found = await options.shared.get(key).catch((error) => {
        report(error, 'shared cache read')
        return null
      })
      if (isEntry(found) && now() - found.at < options.freshMs) {
        remember(key, found)
        return found
      }
    }
    const entry = { value: await options.fetch(key), at: now() }
    remember(key, entry)
    if (options.shared) {
      await options.shared.set(key, entry, sharedTtlSeconds).catch(error => report(error, 'shared cache write'))
    }
    return entry
  }

  function refresh(key: string): Promise<CacheEntry<T>> {
    let running = pending.get(key)
    if (running) return running
    const failed = failures.get(key)
    if (failed && now() - failed.at < options.freshMs) return Promise.reject(failed.error)
    running = load(key)
      .then((entry) => {
        failures.delete(key)
        return entry
      }, (error: unknown) => {
        failures.delete(key)
        failures.set(key, { at: now(), error })
        while (failures.size > options.maxEntries) failures.delete(failures.keys().next().value!)
        throw error
      })
      .finally(() => pending.delete(key))
    pending.set(key, running)
    return running
  }

  return {
    async get(key: string): Promise<T> {
      const entry = local.get(key)
      const age = entry ? now() - entry.at : Number.POSITIVE_INFINITY
      if (entry && age < options.freshMs) return entry.value
      if (entry && age < options.staleMs) {
        refresh(key).catch(error => report(error, 'background refresh'))
        return entry.value
      }
      return (await refresh(key)).value
    },
    /** Keys held in memory now (for tests and diagnostics). */
    get size() {
      return local.size
    },
  }
}
