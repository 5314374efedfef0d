// Rate limits across app instances: two limiter sets on one real Redis (127.0.0.1:6379, a key
// prefix of this run's own) stand for two app instances behind a proxy and must share one budget;
// with Redis unreachable or hung, every count still answers within ~1 s, from memory, and the
// limit still holds per instance. No Redis configured: memory, per instance, as before.
import { randomBytes } from 'node:crypto'
import { connect as netConnect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type Redis from 'ioredis'
import { createLimiters } from '../../server/utils/rate-limit'
import { createFastFailRedis } from '../../server/utils/redis-client'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0'
const prefix = `rl-test-${randomBytes(6).toString('hex')}:`
const clients: Redis[] = []
const servers: Server[] = []

function redis(url = REDIS_URL): Redis {
  const client = createFastFailRedis(url)
  clients.push(client)
  return client
}

async function ready(client: Redis) {
  if (client.status !== 'ready') await new Promise(resolve => client.once('ready', resolve))
}

/** Consumes once; 'ok', or 'limited' with the wait the 429's Retry-After is made from. */
async function attempt(limiter: RateLimiterAbstract, key: string) {
  try {
    await limiter.consume(key)
    return { outcome: 'ok' as const, msBeforeNext: 0 }
  }
  catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    return { outcome: 'limited' as const, msBeforeNext: rejection.msBeforeNext }
  }
}

async function listen(onSocket: (socket: Socket) => void = () => {}): Promise<Server> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    onSocket(socket)
  })
  server.on('close', () => sockets.forEach(socket => socket.destroy()))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return server
}
const portOf = (server: Server) => (server.address() as AddressInfo).port

afterAll(async () => {
  const cleaner = redis()
  await ready(cleaner)
  const keys = await cleaner.keys(`${prefix}*`)
  if (keys.length) await cleaner.del(...keys)
  for (const client of clients) client.disconnect()
  for (const server of servers) server.close()
})

describe('rate limits shared through Redis', () => {
  it('two app instances on one Redis share one budget: the 4th request of a budget of 3 is refused on either', async () => {
    const [redisA, redisB] = [redis(), redis()]
    await Promise.all([ready(redisA), ready(redisB)])
    const instanceA = createLimiters({ redis: redisA, prefix })
    const instanceB = createLimiters({ redis: redisB, prefix })
    const [a, b] = [instanceA('login', 3, 60), instanceB('login', 3, 60)]

    expect((await attempt(a, '198.51.100.7')).outcome).toBe('ok')
    expect((await attempt(a, '198.51.100.7')).outcome).toBe('ok')
    expect((await attempt(b, '198.51.100.7')).outcome).toBe('ok')
    const refusedOnB = await attempt(b, '198.51.100.7')
    expect(refusedOnB.outcome).toBe('limited')
    expect(refusedOnB.msBeforeNext).toBeGreaterThan(55_000)
    expect(refusedOnB.msBeforeNext).toBeLessThanOrEqual(60_000)
    expect((await attempt(a, '198.51.100.7')).outcome).toBe('limited')
    // Another client and another limiter name have budgets of their own.
    expect((await attempt(a, '198.51.100.8')).outcome).toBe('ok')
    expect((await attempt(instanceB('token', 3, 60), '198.51.100.7')).outcome).toBe('ok')
    // An instance configured with another budget counts apart (no spending of each other's counts).
    expect((await attempt(instanceB('login', 5, 60), '198.51.100.7')).outcome).toBe('ok')

    // Counted in Redis under the limiter's own prefix, with an expiry (Redis never grows unbounded).
    const key = `${prefix}login:3/60s:198.51.100.7`
    expect(await redisA.get(key)).toBe('5')
    expect(await redisA.ttl(key)).toBeGreaterThan(0)
  })

  it('without Redis each instance counts on its own, as before (N instances → N× the budget)', async () => {
    const [a, b] = [createLimiters()('login', 2, 60), createLimiters()('login', 2, 60)]
    for (const limiter of [a, a, b, b]) expect((await attempt(limiter, '192.0.2.1')).outcome).toBe('ok')
    expect((await attempt(a, '192.0.2.1')).outcome).toBe('limited')
    expect((await attempt(b, '192.0.2.1')).outcome).toBe('limited')
  })

  it('with Redis unreachable (a closed port) answers within 1 s from memory, still limits, and says so once', async () => {
    const closed = await listen()
    const port = portOf(closed)
    await new Promise(resolve => closed.close(resolve))
    const fallbacks: number[] = []
    const limiters = createLimiters({ redis: redis(`redis://127.0.0.1:${port}`), prefix, onFallback: () => fallbacks.push(Date.now()) })
    const limiter = limiters('login', 3, 60)

    const outcomes: string[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      const { outcome } = await attempt(limiter, '203.0.113.5')
      expect(performance.now() - started).toBeLessThan(1000)
      outcomes.push(outcome)
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'limited', 'limited'])
    // The shared-failure check reads through the same fallback.
    expect((await limiters('login-failures:all', 3, 60).get('all'))).toBeNull()
    expect(fallbacks).toHaveLength(1)
  })

  it('with a Redis that accepts connections but never answers, no count waits more than ~1 s', async () => {
    const silent = await listen() // reads and answers nothing, like a hung server
    const limiter = createLimiters({ redis: redis(`redis://127.0.0.1:${portOf(silent)}`), prefix })('token', 2, 60)
    const outcomes: string[] = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      outcomes.push((await attempt(limiter, '203.0.113.6')).outcome)
      expect(performance.now() - started).toBeLessThan(1200)
    }
    expect(outcomes).toEqual(['ok', 'ok', 'limited'])
  })

  it('goes back to the shared count once Redis answers again', async () => {
    // A TCP relay to the real Redis that can be cut and restored on the same port.
    let relaying = true
    const relay = await listen((socket) => {
      if (!relaying) return socket.destroy()
      const upstream = createConnection(REDIS_URL)
      socket.pipe(upstream).pipe(socket)
      socket.on('close', () => upstream.destroy())
      upstream.on('close', () => socket.destroy())
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    })
    const viaRelay = redis(`redis://127.0.0.1:${portOf(relay)}/0`)
    await ready(viaRelay)
    const fallbacks: number[] = []
    const other = createLimiters({ redis: redis(), prefix })('orders', 100, 60)
    const limiter = createLimiters({ redis: viaRelay, prefix, onFallback: () => fallbacks.push(Date.now()) })('orders', 100, 60)
    await limiter.consume('203.0.113.7')

    relaying = false
    const closed = new Promise(resolve => viaRelay.once('close', resolve))
    viaRelay.disconnect(true) // the connection drops; ioredis keeps trying to reconnect
    await closed
    await limiter.consume('203.0.113.7') // memory
    expect(fallbacks).toHaveLength(1)

    relaying = true
    await ready(viaRelay)
    await limiter.consume('203.0.113.7')
    // The shared count saw the two requests made while Redis answered, not the one in between.
    expect((await other.get('203.0.113.7'))?.consumedPoints).toBe(2)
  })
})

function createConnection(url: string): Socket {
  const { hostname, port } = new URL(url)
  return netConnect(Number(port || 6379), hostname)
}
