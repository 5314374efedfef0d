import { describe, expect, it } from 'vitest'
import { createBoundedCache, type CacheEntry } from '../../server/utils/bounded-cache'

function setup(options: { maxEntries?: number, shared?: boolean } = {}) {
  let clock = 1_000_000
  let version = 0
  const calls: string[] = []
  const store = new Map<string, { entry: CacheEntry<unknown>, ttl: number }>()
  let failNext = false
  const cache = createBoundedCache<string>({
    fetch: async (key) => {
      calls.push(key)
      if (failNext) throw new Error('upstream down')
      return `${key}@${++version}`
    },
    freshMs: 1_000,
    staleMs: 5_000,
    maxEntries: options.maxEntries ?? 100,
    now: () => clock,
    shared: options.shared
      ? {
          get: async key => store.get(key)?.entry,
          set: async (key, entry, ttl) => void store.set(key, { entry, ttl }),
        }
      : null,
  })
  return {
    cache, calls, store,
    advance: (ms: number) => (clock += ms),
    failing: (value: boolean) => (failNext = value),
  }
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0))

describe('bounded cache', () => {
  it('answers from memory while fresh, without asking upstream again', async () => {
    const { cache, calls, advance } = setup()
    expect(await cache.get('a')).toBe('a@1')
    advance(999)
    expect(await cache.get('a')).toBe('a@1')
    expect(calls).toEqual(['a'])
  })

  it('serves a stale value at once while one refresh runs, then the new one', async () => {
    const { cache, calls, advance } = setup()
    await cache.get('a')
    advance(2_000)
    const answers = await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')])
    expect(answers).toEqual(['a@1', 'a@1', 'a@1'])
    await settle()
    expect(calls).toEqual(['a', 'a'])
    expect(await cache.get('a')).toBe('a@2')
  })

  it('never serves a value older than the stale bound: after a quiet spell the caller waits for a fresh one', async () => {
    const { cache, calls, advance } = setup()
    await cache.get('a')
    advance(60 * 60 * 1000) // an hour without requests
    expect(await cache.get('a')).toBe('a@2')
    expect(calls).toEqual(['a', 'a'])
  })

  it('shares one upstream call among concurrent misses', async () => {
    const { cache, calls } = setup()
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get('a')))
    expect(new Set(answers)).toEqual(new Set(['a@1']))
    expect(calls).toHaveLength(1)
  })

  it('keeps at most maxEntries keys, however many names are asked for', async () => {
    const { cache } = setup({ maxEntries: 10 })
    for (let i = 0; i < 1_000; i++) await cache.get(`room-${i}`)
    expect(cache.size).toBe(10)
  })

  it('writes shared entries with a TTL and serves another instance from them while fresh', async () => {
    const a = setup({ shared: true })
    await a.cache.get('a')
    expect(a.store.get('a')?.ttl).toBe(5)
    // A second instance reading the same store.
    const b = createBoundedCache<string>({
      fetch: async () => 'from-upstream', freshMs: 1_000, staleMs: 5_000, maxEntries: 10, now: () => 1_000_500,
      shared: { get: async key => a.store.get(key)?.entry, set: async () => {} },
    })
    expect(await b.get('a')).toBe('a@1')
  })

  it('does not ask a failing upstream again for every request', async () => {
    const { cache, calls, failing, advance } = setup()
    failing(true)
    await expect(cache.get('a')).rejects.toThrow(/upstream down/)
    await expect(cache.get('a')).rejects.toThrow(/upstream down/)
    expect(calls).toHaveLength(1)
    advance(1_000)
    failing(false)
    expect(await cache.get('a')).toBe('a@1')
    expect(calls).toHaveLength(2)
  })
})
