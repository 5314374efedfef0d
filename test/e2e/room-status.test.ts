// Room status and live shows against the real LiveKit server, with a counting HTTP proxy between
// the app and LiveKit's API so the number of upstream RoomService calls is visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Room } from '@livekit/rtc-node'
import type { LiveShowsResponse, RoomStatus } from '../../shared/types/livekit'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'
import { randomBytes } from 'node:crypto'
import { signIn, startApp, startStack, type AppServer, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { eventually, fetchToken, joinRoom } from './support/rtc'
import { startCountingProxy, type CountingProxy } from './support/counting-proxy'

let proxy: CountingProxy
let stack: Stack
let hostCookie: string
let opsCookie: string
let publisher: Awaited<ReturnType<typeof startDemoPublisher>> | undefined
const viewers: Room[] = []
const ROOM = 'status-show'

beforeAll(async () => {
  proxy = await startCountingProxy()
  // The app reaches LiveKit's API through the proxy; participants connect to LiveKit directly.
  stack = await startStack({ webhooks: false, env: { LIVEKIT_URL: proxy.url.replace('http', 'ws') } })
  await createShows(stack, [ROOM])
  proxy.target = stack.livekit.httpUrl
  hostCookie = await signIn(stack.app.url, stack.hostKey)
  opsCookie = await signIn(stack.app.url, stack.opsKey)
})

afterAll(async () => {
  await Promise.allSettled(viewers.map(room => room.disconnect()))
  await publisher?.stop().catch(() => {})
  await stack?.stop()
  await proxy?.close()
})

async function status(room = ROOM, cookie?: string): Promise<RoomStatus> {
  const response = await fetch(`${stack.app.url}/api/livekit/rooms/status?room=${room}`, { headers: cookie ? { cookie } : {} })
  expect(response.status).toBe(200)
  return await response.json() as RoomStatus
}

async function joinAsViewer(name: string) {
  const token = await fetchToken(stack.app.url, { room: ROOM, username: name })
  const room = await joinRoom({ ...token, url: stack.livekit.wsUrl })
  viewers.push(room)
  return room
}

const idle = () => new Promise(resolve => setTimeout(resolve, 1_200)) // let the 1 s cache expire

describe('room status against the real LiveKit server', () => {
  it('reports a room nobody is in as not live (200, not an error)', async () => {
    expect(await status('empty-room')).toEqual({
      room: 'empty-room', live: false, viewers: 0, publishers: 0, isRecording: false, startedAt: null, uptimeSeconds: 0,
    })
  })

  it('answers 400 JSON for a missing or bad room parameter', async () => {
    for (const query of ['', '?room=', '?room=a%20b', `?room=${'x'.repeat(65)}`]) {
      const response = await fetch(`${stack.app.url}/api/livekit/rooms/status${query}`)
      expect(response.status).toBe(400)
      expect((await response.json()).message).toMatch(/^room: /)
    }
  })

  it('counts a host and two viewers as viewers 2, publishers 1, and follows leaves and joins', async () => {
    const token = await fetchToken(stack.app.url, { room: ROOM, username: 'Host', admin: 'true' }, hostCookie)
    publisher = await startDemoPublisher({ url: stack.livekit.wsUrl, token: token.token, width: 160, height: 90 })
    await joinAsViewer('anna')
    const bob = await joinAsViewer('bob')
    // LiveKit refreshes room counts about every 5 s: wait generously, judge exactly.
    const first = await eventually(async () => {
      const s = await status()
      return s.viewers === 2 && s.publishers === 1 ? s : null
    }, { timeoutMs: 30_000, intervalMs: 500 })
    expect(first).toMatchObject({ room: ROOM, live: true, isRecording: false })
    expect(Date.parse(first.startedAt!)).toBeLessThanOrEqual(Date.now())
    expect(first.uptimeSeconds).toBeGreaterThanOrEqual(0)

    await bob.disconnect()
    await eventually(async () => (await status()).viewers === 1, { timeoutMs: 30_000, intervalMs: 500 })
    await joinAsViewer('carla')
    await joinAsViewer('dan')
    const last = await eventually(async () => {
      const s = await status()
      return s.viewers === 3 ? s : null
    }, { timeoutMs: 30_000, intervalMs: 500 })
    expect(last.publishers).toBe(1)
  })

  it('gives the public no participant details, and host/ops sessions the participant list', async () => {
    const anonymous = await status()
    expect(anonymous).not.toHaveProperty('participants')
    expect(JSON.stringify(anonymous)).not.toMatch(/anna|carla|identity/)

    for (const cookie of [hostCookie, opsCookie]) {
      const detailed = await eventually(async () => {
        const s = await status(ROOM, cookie)
        return s.participants?.length === 4 ? s : null
      }, { timeoutMs: 15_000, intervalMs: 500 })
      const host = detailed.participants!.find(p => p.role === 'host')!
      expect(host).toMatchObject({ name: 'Host', hidden: false })
      expect(host.tracks.map(t => `${t.kind}/${t.source}`).sort()).toEqual(['audio/microphone', 'video/camera'])
      const audience = detailed.participants!.filter(p => p.role === 'viewer')
      expect(audience.map(p => p.name).sort()).toEqual(['anna', 'carla', 'dan'])
      expect(audience.every(p => p.hidden && p.tracks.length === 0 && Date.parse(p.joinedAt!) > 0)).toBe(true)
    }
  })

  it('shares one upstream RoomService call among 200 concurrent requests for one room', async () => {
    await idle()
    proxy.reset()
    const started = Date.now()
    const answers = await Promise.all(Array.from({ length: 200 }, () => status()))
    expect(new Set(answers.map(a => a.viewers))).toEqual(new Set([3]))
    const calls = proxy.count('ListRooms')
    expect(calls).toBeGreaterThanOrEqual(1) // the proxy really is in the path
    expect(calls).toBeLessThanOrEqual(withinFreshness(started))
    expect(proxy.count('ListParticipants')).toBe(0) // public answers never list participants
  })

  it('lists the live show on GET /api/livekit/rooms, 200 concurrent requests costing ≤ 2 upstream calls', async () => {
    await idle()
    proxy.reset()
    const started = Date.now()
    const answers = await Promise.all(Array.from({ length: 200 }, async () => {
      const response = await fetch(`${stack.app.url}/api/livekit/rooms`)
      expect(response.status).toBe(200)
      return await response.json() as LiveShowsResponse
    }))
    const [first] = answers
    expect(first!.shows).toEqual([
      { room: ROOM, viewers: 3, publishers: 1, isRecording: false, startedAt: expect.any(String) },
    ])
    expect(proxy.count('ListRooms')).toBeGreaterThanOrEqual(1)
    expect(proxy.count('ListRooms')).toBeLessThanOrEqual(withinFreshness(started))
  })

  it('shows the room as not live once the host leaves', async () => {
    await publisher!.stop()
    publisher = undefined
    const after = await eventually(async () => {
      const s = await status()
      return s.publishers === 0 ? s : null
    }, { timeoutMs: 30_000, intervalMs: 500 })
    expect(after.live).toBe(false)
  })
})

/**
 * Upstream calls allowed for requests made since `started`: the first, plus one refresh per second
 * a cached status stays fresh (server/utils/bounded-cache.ts) — 2 when the burst takes under a
 * second, as it does unless the machine is very busy.
 */
function withinFreshness(started: number) {
  return 1 + Math.max(1, Math.ceil((Date.now() - started) / 1000))
}

describe('two app instances sharing the cache and the rate limits through Redis (NUXT_CACHE_REDIS_URL)', () => {
  const apps: AppServer[] = []
  beforeAll(async () => {
    const env = {
      ...stack.appEnv,
      NUXT_CACHE_REDIS_URL: 'redis://127.0.0.1:6379/0',
      // Behind one proxy, so the sign-in test can be a client address of its own: this Redis is
      // shared with other runs, and a lock-out of 127.0.0.1 would outlive this one.
      NUXT_TRUST_PROXY: '1',
      NUXT_LOGIN_RATE_LIMIT_POINTS: '4',
      NUXT_LOGIN_FAILURE_LIMIT_POINTS: '100000',
    }
    apps.push(await startApp(env), await startApp(env))
  })
  afterAll(async () => {
    await Promise.allSettled(apps.map(app => app.stop()))
  })

  it('answers instance B from what instance A fetched, without another upstream call', async () => {
    const [a, b] = apps as [AppServer, AppServer]
    // A room name of its own: other test runs on this machine share the Redis server.
    const room = `shared-${randomBytes(6).toString('hex')}`
    const ask = async (app: AppServer) => (await fetch(`${app.url}/api/livekit/rooms/status?room=${room}`)).json() as Promise<RoomStatus>
    proxy.reset()
    const fetchedByA = Date.now()
    expect((await ask(a)).live).toBe(false)
    expect(proxy.count('ListRooms')).toBe(1)
    // A has stored it in Redis before answering. Without the shared cache B would ask LiveKit
    // itself (checked: 2 calls with the memory default).
    expect(await ask(b)).toMatchObject({ room, live: false })
    expect(proxy.count('ListRooms')).toBeLessThanOrEqual(withinFreshness(fetchedByA) - 1)
    const fromB = await Promise.all(Array.from({ length: 50 }, () => ask(b)))
    expect(fromB.every(s => s.room === room && s.live === false)).toBe(true)
    expect(proxy.count('ListRooms')).toBeLessThanOrEqual(withinFreshness(fetchedByA) - 1)
  })

  it('locks sign-in out at the budget spent over both instances together, not per instance', async () => {
    const [a, b] = apps as [AppServer, AppServer]
    const client = `2001:db8:${randomBytes(2).toString('hex')}::${randomBytes(2).toString('hex')}`
    const signInAttempt = (app: AppServer, from = client) => fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ key: 'not-the-key' }),
    })
    for (let i = 0; i < 4; i++) expect((await signInAttempt(a)).status).toBe(401)
    // The budget (4) was spent on A: B, which has not seen this client before, refuses it too.
    const onB = await signInAttempt(b)
    expect(onB.status).toBe(429)
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(250)
    expect((await onB.json()).message).toMatch(/^Too many requests from your network\. Try again in \d+ s\.$/)
    expect((await signInAttempt(a)).status).toBe(429)
    // Per client, not global: another address still gets its answer.
    expect((await signInAttempt(b, `2001:db8:${randomBytes(2).toString('hex')}::1`)).status).toBe(401)
    // Counted in Redis from the first request on (connected at start-up, no memory fallback).
    for (const app of apps) expect(app.output()).not.toContain('[rate-limit] Redis is not answering')
  })
})
