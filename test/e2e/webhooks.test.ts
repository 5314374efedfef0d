// POST /api/livekit/webhook on the built app, once on the SQLite default and once on PostgreSQL:
// signature checks, idempotency, a burst, SIGKILL mid-burst, and the analytics API over the result.
// Deliveries are signed here exactly as livekit-server signs them (support/webhooks.ts); the real
// LiveKit sending real webhooks is covered by analytics.test.ts.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ShowHistory, ShowsResponse } from '../../shared/types/analytics'
import { signIn, startApp, type AppServer } from './support/stack'
import { testAnalyticsDb, waitForTables, type Backend, type TestAnalyticsDb } from './support/analytics-db'
import { newShow, webhookBody } from '../fixtures/webhooks'
import { deliver, signWebhook } from './support/webhooks'

const API_KEY = 'webhook-test-key'
const API_SECRET = randomBytes(24).toString('base64url')

describe.each<Backend>(['sqlite', 'postgres'])('webhooks stored in %s', (backend) => {
  let app: AppServer
  let db: TestAnalyticsDb
  let env: Record<string, string>
  // Whole seconds: LiveKit stamps leaves and room_finished in whole seconds (joins carry ms).
  const show = newShow('webhook-show', Math.floor(Date.now() / 1000) * 1000 - 3_600_000)
  const at = (seconds: number) => show.createdAt + seconds * 1000
  const sign = (body: string) => signWebhook(body, API_KEY, API_SECRET)

  beforeAll(async () => {
    db = testAnalyticsDb(backend)
    env = {
      // Webhooks need only the key pair; nothing listens on this LiveKit URL.
      LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET,
      OPS_ACCESS_KEY: `ops-${randomBytes(8).toString('hex')}`, HOST_ACCESS_KEY: `host-${randomBytes(8).toString('hex')}`,
      NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'),
      ...db.env,
    }
    app = await startApp(env)
    // The app opens (and migrates) its analytics store at start, in the background.
    await waitForTables(db)
  })

  afterAll(async () => {
    await app?.stop()
    await db?.cleanup()
  })

  it('answers 401 and stores nothing for a wrong signature, a missing header or an altered body', async () => {
    const body = webhookBody('participant_joined', show, at(1), { participant: { identity: 'mallory', role: 'viewer' } })
    const forged = await signWebhook(body, API_KEY, 'not-the-secret-not-the-secret-not-the-secret')
    const altered = body.replace('mallory', 'mallorx')
    const cases: Array<[string, string, string | null]> = [
      ['wrong secret', body, forged],
      ['missing header', body, null],
      ['altered body', altered, await sign(body)],
      ['not a JWT', body, 'Bearer nonsense'],
    ]
    for (const [what, sent, authorization] of cases) {
      const response = await deliver(app.url, sent, authorization)
      expect(response.status, what).toBe(401)
      const error = await response.json()
      expect(error, what).toMatchObject({ statusCode: 401, message: expect.stringMatching(/signature|Authorization/) })
    }
    expect(await db.count()).toBe(0)
  })

  it('stores the same event delivered twice once', async () => {
    const body = webhookBody('room_started', show, at(0))
    const first = await deliver(app.url, body, await sign(body))
    const second = await deliver(app.url, body, await sign(body))
    expect([first.status, second.status]).toEqual([200, 200])
    expect(await first.json()).toMatchObject({ event: 'room_started', stored: true })
    expect(await second.json()).toMatchObject({ event: 'room_started', stored: false })
    expect(await db.count()).toBe(1)
  })

  it('stores all of 500 events delivered at once, and the analytics API derives the show from them', async () => {
    // 250 viewers: viewer i joins at i s and leaves 100 s later → at most 100 watch at once.
    const bodies: string[] = []
    for (let i = 0; i < 250; i++) {
      const participant = { identity: `viewer-${i}`, role: 'viewer' as const }
      bodies.push(webhookBody('participant_joined', show, at(10 + i), { participant }))
      bodies.push(webhookBody('participant_left', show, at(110 + i), { participant }))
    }
    const signed = await Promise.all(bodies.map(async body => [body, await sign(body)] as const))
    const statuses = await Promise.all(signed.map(async ([body, auth]) => (await deliver(app.url, body, auth)).status))
    expect(statuses.filter(s => s === 200)).toHaveLength(500)
    expect(await db.count()).toBe(501)

    const finished = webhookBody('room_finished', show, at(400))
    expect((await deliver(app.url, finished, await sign(finished))).status).toBe(200)

    const anonymous = await fetch(`${app.url}/api/analytics/shows`)
    expect(anonymous.status).toBe(401)
    const cookie = await signIn(app.url, env.OPS_ACCESS_KEY!)
    const list = await (await fetch(`${app.url}/api/analytics/shows`, { headers: { cookie } })).json() as ShowsResponse
    expect(list.shows).toEqual([expect.objectContaining({ sid: show.sid, room: 'webhook-show', peakViewers: 100, uniqueViewers: 250 })])

    const history = await (await fetch(`${app.url}/api/analytics/shows/${show.sid}`, { headers: { cookie } })).json() as ShowHistory
    expect(history).toMatchObject({ peakViewers: 100, uniqueViewers: 250, joins: 250, leaves: 250, averageWatchSeconds: 100 })
    expect(history.peakAt).toBe(new Date(at(109)).toISOString())
    expect(history.endedAt).toBe(new Date(at(400)).toISOString())
    // Up by one a second to 100, flat while one joins as one leaves, down by one a second to 0.
    expect(history.timeline[0]).toEqual([show.createdAt, 0])
    expect(history.timeline.slice(1, 4)).toEqual([[at(10), 1], [at(11), 2], [at(12), 3]])
    expect(history.timeline.find(([t]) => t === at(200))![1]).toBe(100)
    expect(history.timeline.at(-1)).toEqual([at(359), 0])
    expect(history.watchTime.find(b => b.label === '1–5 min')!.sessions).toBe(250)

    const missing = await fetch(`${app.url}/api/analytics/shows/RM_nope`, { headers: { cookie } })
    expect(missing.status).toBe(404)
    const badRange = await fetch(`${app.url}/api/analytics/shows?from=yesterday`, { headers: { cookie } })
    expect(badRange.status).toBe(400)
    expect((await badRange.json()).message).toMatch(/^from: must be an ISO 8601/)
  })

  it('keeps every acknowledged event when the app is SIGKILLed in the middle of a burst', async () => {
    const burst = newShow('kill-show')
    const acknowledged = new Set<string>()
    const bodies = Array.from({ length: 3000 }, (_, i) => webhookBody('participant_joined', burst, burst.createdAt + i, {
      participant: { identity: `k-${i}`, role: 'viewer' },
    }))
    const signed = await Promise.all(bodies.map(async body => ({ body, auth: await sign(body), id: JSON.parse(body).id as string })))
    let next = 0
    let killed = false
    const worker = async () => {
      while (next < signed.length && !killed) {
        const item = signed[next++]!
        try {
          const response = await deliver(app.url, item.body, item.auth)
          if (response.ok) acknowledged.add(item.id)
        }
        catch {
          // Connection reset by the kill: not acknowledged, LiveKit would retry it.
        }
      }
    }
    const workers = Array.from({ length: 32 }, worker)
    while (acknowledged.size < 300) await new Promise(resolve => setTimeout(resolve, 5))
    killed = true
    await app.kill('SIGKILL')
    await Promise.all(workers)
    expect(acknowledged.size).toBeLessThan(3000)

    app = await startApp(env)
    const stored = await db.eventIds()
    const missing = [...acknowledged].filter(id => !stored.has(id))
    expect(missing).toEqual([])
    // And the restarted app keeps accepting deliveries.
    const after = webhookBody('room_finished', burst, Date.now())
    expect((await deliver(app.url, after, await sign(after))).status).toBe(200)
  })
})
