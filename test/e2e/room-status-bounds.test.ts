// The room-status cache is bounded: never an answer older than a few seconds (after a quiet spell
// the first request gets the truth, not the last answer), every Redis key it writes expires, and
// the route is rate limited per client. Real LiveKit, real Redis (a database number of our own).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk'
import { Room } from '@livekit/rtc-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoomStatus } from '../../shared/types/livekit'
import { startApp, startStack, type Stack } from './support/stack'
import { eventually, publishTestVideo } from './support/rtc'

const REDIS_DB = '11'
const redis = (...args: string[]) => execFileSync('redis-cli', ['-n', REDIS_DB, ...args], { encoding: 'utf8' }).trim()
let stack: Stack

beforeAll(async () => {
  redis('FLUSHDB')
  stack = await startStack({ webhooks: false, env: { NUXT_CACHE_REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}` } })
})

afterAll(async () => {
  await stack?.stop()
  redis('FLUSHDB')
})

const status = async (room: string) => (await (await fetch(`${stack.app.url}/api/livekit/rooms/status?room=${room}`)).json()) as RoomStatus

describe('room status is never served from long ago', () => {
  it('after a quiet spell, the first request says the show ended (not what the last request saw)', async () => {
    const room = `bounded-${randomBytes(4).toString('hex')}`
    const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
    await rooms.createRoom({ name: room, emptyTimeout: 5, departureTimeout: 1 })
    const host = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity: 'host-1', ttl: 600 })
    host.addGrant({ room, roomJoin: true, roomCreate: true, canPublish: true, canSubscribe: true })
    const participant = new Room()
    await participant.connect(stack.livekit.wsUrl, await host.toJwt(), { autoSubscribe: false, dynacast: false })
    try {
      await publishTestVideo(participant)
      await eventually(async () => (await status(room)).live || null, { timeoutMs: 20_000, intervalMs: 300 })
    }
    finally {
      await participant.disconnect()
    }
    // LiveKit itself knows the host is gone; the app is not asked meanwhile.
    await eventually(async () => {
      const [found] = await rooms.listRooms([room])
      return !found || found.numPublishers === 0 ? true : null
    }, { timeoutMs: 30_000, intervalMs: 300 })
    await new Promise(resolve => setTimeout(resolve, 6_000)) // longer than the 5 s stale bound
    const first = await status(room)
    expect(first.live).toBe(false)
    expect(first.publishers).toBe(0)
  })
})

describe('the cache cannot grow without bound', () => {
  it('gives every Redis key it writes a TTL, also for names nobody created', async () => {
    const names = Array.from({ length: 60 }, () => `nobody-${randomBytes(5).toString('hex')}`)
    for (const name of names) expect((await status(name)).live).toBe(false)
    expect((await (await fetch(`${stack.app.url}/api/livekit/rooms`)).json()).shows).toBeDefined()
    await new Promise(resolve => setTimeout(resolve, 200)) // writes land after the answers
    const keys = redis('--scan', '--pattern', '*').split('\n').filter(Boolean)
    expect(keys.length).toBeGreaterThan(0)
    const ttls = keys.map(key => Number(redis('TTL', key)))
    // -1 = no expiry (kept forever); -2 = already gone.
    expect(ttls.filter(ttl => ttl === -1)).toEqual([])
    expect(Math.max(...ttls)).toBeLessThanOrEqual(15 * 60)
  })
})

describe('room status rate limit', () => {
  it('answers 429 with Retry-After once one client polls past its budget', async () => {
    const app = await startApp({ ...stack.appEnv, NUXT_STATUS_RATE_LIMIT_POINTS: '30' })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 32; i++) statuses.push((await fetch(`${app.url}/api/livekit/rooms/status?room=r${i}`)).status)
      expect(statuses.slice(0, 30).every(s => s === 200)).toBe(true)
      const limited = await fetch(`${app.url}/api/livekit/rooms/status?room=r`)
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await limited.json()).message).toMatch(/try again in \d+ s/i)
    }
    finally {
      await app.stop()
    }
  })
})
