// Two app instances on one PostgreSQL database and one LiveKit server, as behind a load balancer:
// a message accepted by either reaches the room; a ban, slow mode or blocked word set through one
// holds on the other.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { startApp, startStack, signIn, type AppServer, type Stack } from './support/stack'
import { eventually } from './support/rtc'
import { chatListener, Chatter, insertShow } from './support/chat'

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `t_chat_e2e_${randomBytes(4).toString('hex')}`
const SHOW = 'two-instances'
let stack: Stack
let second: AppServer
let listener: Awaited<ReturnType<typeof chatListener>>

beforeAll(async () => {
  stack = await startStack({ webhooks: false, env: { DATABASE_URL: PG_URL, ANALYTICS_DB_SCHEMA: schema } })
  second = await startApp(stack.appEnv)
  await insertShow(stack, SHOW)
  listener = await chatListener(stack, SHOW)
})

afterAll(async () => {
  await listener?.close()
  await second?.stop()
  await stack?.stop()
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
})

describe('chat across two app instances', () => {
  it('relays a message accepted by either instance', async () => {
    const viaA = new Chatter(stack.app.url)
    await viaA.identify('Ana')
    const viaB = new Chatter(second.url)
    await viaB.identify('Bo')
    const first = await viaA.post(SHOW, 'hello through A')
    // The same device through the other instance, at once: one session, and the default slow mode
    // (2 s) holds there too.
    const again = await new Chatter(second.url, viaA.cookie).post(SHOW, 'Ana again, too soon')
    expect(again.status).toBe(429)
    const other = await viaB.post(SHOW, 'hello through B')
    expect([first.status, other.status]).toEqual([201, 201])
    await eventually(() => listener.messages.has(first.body.id) && listener.messages.has(other.body.id))
    expect(listener.messages.get(other.body.id)!.message.name).toBe('Bo')
  })

  it('a ban made on one instance holds on the other', async () => {
    const troll = new Chatter(second.url)
    const chatterId = await troll.identify('Troll')
    expect((await troll.post(SHOW, 'before the ban')).status).toBe(201)
    const hostOnA = new Chatter(stack.app.url, await signIn(stack.app.url, stack.hostKey))
    expect((await hostOnA.request('POST', `/api/shows/${SHOW}/chat/bans`, { chatterId })).status).toBe(201)
    const refused = await troll.post(SHOW, 'after the ban')
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).toContain('banned')
    // A time-out replaces the ban and says until when.
    expect((await hostOnA.request('POST', `/api/shows/${SHOW}/chat/bans`, { chatterId, minutes: 5 })).status).toBe(201)
    expect(JSON.stringify((await troll.post(SHOW, 'timed out')).body)).toMatch(/you can chat again at \d\d:\d\d UTC/)
  })

  it('slow mode set on one instance holds on the other', async () => {
    const hostOnB = new Chatter(second.url, await signIn(second.url, stack.hostKey))
    expect((await hostOnB.request('PATCH', `/api/shows/${SHOW}/chat/settings`, { slowModeSeconds: 20 })).status).toBe(200)
    const eager = new Chatter(stack.app.url)
    await eager.identify('Eager')
    expect((await eager.post(SHOW, 'one')).status).toBe(201)
    const refused = await new Chatter(second.url, eager.cookie).post(SHOW, 'two')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(10)
    expect((await hostOnB.request('PATCH', `/api/shows/${SHOW}/chat/settings`, { slowModeSeconds: 0 })).status).toBe(200)
  })

  it('a blocked word set on one instance hides messages through the other (shown to the sender only)', async () => {
    const ops = new Chatter(stack.app.url, await signIn(stack.app.url, stack.opsKey))
    expect((await ops.request('PUT', '/api/chat/blocked-words', { words: ['knockoff'] })).status).toBe(200)
    const sender = new Chatter(second.url)
    await sender.identify('Seller')
    // The other instance re-reads the list within ~2 s.
    const posted = await eventually(async () => {
      const answer = await sender.post(SHOW, `cheap KNOCKOFF bags ${Date.now()}`)
      return answer.status === 201 && answer.body.message.shadow ? answer : null
    }, { timeoutMs: 10_000, intervalMs: 500 })
    const clean = await sender.post(SHOW, 'a clean message afterwards')
    await eventually(() => listener.messages.has(clean.body.id))
    expect(listener.messages.has(posted.body.id)).toBe(false)
    const others = await new Chatter(stack.app.url).request<{ messages: { id: string }[] }>('GET', `/api/shows/${SHOW}/chat`)
    expect(others.body.messages.map(m => m.id)).not.toContain(posted.body.id)
    const own = await sender.request<{ messages: { id: string }[] }>('GET', `/api/shows/${SHOW}/chat`)
    expect(own.body.messages.map(m => m.id)).toContain(posted.body.id)
  })
})
