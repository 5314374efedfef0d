// Sessions can be revoked (rotating an access key, disabling an account host, bumping its
// session_version), sign-in replaces the session, rate limits key on the right proxy hop, and a
// production server refuses to start with short access keys.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sealSession } from 'h3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startApp, startStack, type Stack } from './support/stack'

let stack: Stack
const scratch = mkdtempSync(join(tmpdir(), 'liveshop-sessions-'))

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
})

afterAll(async () => {
  await stack?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

const json = { 'content-type': 'application/json' }
const sessionOf = async (url: string, cookie: string) => {
  const response = await fetch(`${url}/api/_auth/session`, { headers: { cookie } })
  return { body: await response.json() as { user?: Record<string, unknown> }, setCookie: response.headers.getSetCookie() }
}
// A host-only route that answers 404 ("nothing to stop") to a valid host session.
const stopRecording = (url: string, cookie: string) => fetch(`${url}/api/livekit/egress/stop`, {
  method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ roomName: 'nothing-recording' }),
})

describe('revocable sessions', () => {
  it('rotating HOST_ACCESS_KEY signs out every host session made with the old key; ops sessions stay', async () => {
    const hostCookie = await signIn(stack.app.url, stack.hostKey)
    const opsCookie = await signIn(stack.app.url, stack.opsKey)
    expect((await stopRecording(stack.app.url, hostCookie)).status).toBe(404)

    // The same deployment restarted with a new host key (same session password, so cookies unseal).
    const rotated = await startApp({ ...stack.appEnv, HOST_ACCESS_KEY: `host-${randomBytes(16).toString('hex')}`, ANALYTICS_SQLITE_PATH: join(scratch, 'rotated.sqlite') })
    try {
      const refused = await stopRecording(rotated.url, hostCookie)
      expect(refused.status).toBe(401)
      expect((await refused.json()).message).toMatch(/session has ended/)
      const admin = await fetch(`${rotated.url}/api/livekit/token?room=r&username=h&admin=true`, { headers: { cookie: hostCookie } })
      expect(admin.status).toBe(401)
      // The page's "who am I" says nobody, and the stale cookie is cleared.
      const session = await sessionOf(rotated.url, hostCookie)
      expect(session.body.user).toBeUndefined()
      expect(session.setCookie.join(';')).toMatch(/liveshop-session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i)
      // Ops signed in with a key that did not change: still signed in.
      expect((await fetch(`${rotated.url}/api/analytics/live`, { headers: { cookie: opsCookie } })).status).toBe(200)
      expect((await sessionOf(rotated.url, opsCookie)).body.user?.role).toBe('ops')
    }
    finally {
      await rotated.stop()
    }
  })

  it('sign-in replaces the previous session instead of merging into it', async () => {
    const hostCookie = await signIn(stack.app.url, stack.hostKey)
    const response = await fetch(`${stack.app.url}/api/auth/login`, { method: 'POST', headers: { ...json, cookie: hostCookie }, body: JSON.stringify({ key: stack.opsKey }) })
    expect(response.status).toBe(200)
    const opsCookie = response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    const { body } = await sessionOf(stack.app.url, opsCookie)
    // A merge would leave the host's hostId/name on the ops user.
    expect(body.user).toEqual({ role: 'ops' })
    expect(JSON.stringify(body)).not.toMatch(/sessionVersion/)
  })

  it('an account host is signed out when disabled or when its session_version is bumped', async () => {
    const db = new Database(stack.appEnv.ANALYTICS_SQLITE_PATH!)
    const hostId = `acct-${randomUUID()}`
    const now = Date.now()
    db.prepare(`INSERT INTO hosts (id, email, name, password_hash, disabled, session_version, created_at, updated_at) VALUES (?, ?, 'Anna', NULL, 0, 1, ?, ?)`)
      .run(hostId, `${hostId}@example.test`, now, now)
    // A session as the account sign-in makes it (sealed with the server's session password).
    const seal = (sessionVersion: string) => sealSession({ context: { sessions: { 'liveshop-session': {
      id: randomUUID(), createdAt: Date.now(), data: { user: { role: 'host', hostId, name: 'Anna' }, secure: { sessionVersion }, loggedInAt: Date.now() },
    } } } } as never, { name: 'liveshop-session', password: stack.sessionPassword, maxAge: 60 * 60 * 12 })
    const cookie = `liveshop-session=${await seal('v:1')}`
    const untilStatus = async (status: number) => {
      const deadline = Date.now() + 15_000
      let last = 0
      while (Date.now() < deadline) {
        last = (await stopRecording(stack.app.url, cookie)).status
        if (last === status) return last
        await new Promise(resolve => setTimeout(resolve, 250))
      }
      return last
    }
    try {
      expect(await untilStatus(404)).toBe(404)
      expect((await stopRecording(stack.app.url, `liveshop-session=${await seal('v:0')}`)).status).toBe(401)

      db.prepare('UPDATE hosts SET disabled = 1 WHERE id = ?').run(hostId)
      expect(await untilStatus(401)).toBe(401)
      db.prepare('UPDATE hosts SET disabled = 0 WHERE id = ?').run(hostId)
      expect(await untilStatus(404)).toBe(404)
      db.prepare('UPDATE hosts SET session_version = 2 WHERE id = ?').run(hostId)
      expect(await untilStatus(401)).toBe(401)
    }
    finally {
      db.close()
    }
  })
})

describe('rate limits behind a reverse proxy', () => {
  it('with NUXT_TRUST_PROXY=1, a client cannot dodge the sign-in limit with a forged X-Forwarded-For, nor lock out another address', async () => {
    const app = await startApp({ ...stack.appEnv, NUXT_TRUST_PROXY: '1', NUXT_LOGIN_RATE_LIMIT_POINTS: '3', ANALYTICS_SQLITE_PATH: join(scratch, 'proxy.sqlite') })
    try {
      // What nginx's $proxy_add_x_forwarded_for sends: the client's own header, then the real address.
      const attempt = (forged: string, real: string) => fetch(`${app.url}/api/auth/login`, {
        method: 'POST', headers: { ...json, 'x-forwarded-for': `${forged}, ${real}` }, body: JSON.stringify({ key: 'wrong' }),
      })
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await attempt(`198.51.100.${i}`, '203.0.113.7')).status)
      expect(statuses).toEqual([401, 401, 401, 429, 429])
      // The victim whose address the attacker wrote on the left is not locked out.
      expect((await attempt('203.0.113.7', '192.0.2.44')).status).toBe(401)
    }
    finally {
      await app.stop()
    }
  })

  it('caps failed sign-ins from all addresses together', async () => {
    const app = await startApp({ ...stack.appEnv, NUXT_TRUST_PROXY: '1', NUXT_LOGIN_FAILURE_LIMIT_POINTS: '5', ANALYTICS_SQLITE_PATH: join(scratch, 'global.sqlite') })
    try {
      const attempt = (address: string, key: string) => fetch(`${app.url}/api/auth/login`, {
        method: 'POST', headers: { ...json, 'x-forwarded-for': address }, body: JSON.stringify({ key }),
      })
      for (let i = 0; i < 5; i++) expect((await attempt(`198.51.100.${i}`, 'wrong')).status).toBe(401)
      const paused = await attempt('192.0.2.99', stack.hostKey)
      expect(paused.status).toBe(429)
      expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await paused.json()).message).toMatch(/everyone together/)
    }
    finally {
      await app.stop()
    }
  })
})

describe('production start-up', () => {
  it('refuses to start with an access key shorter than 20 characters, and says which', async () => {
    await expect(startApp({ ...stack.appEnv, HOST_ACCESS_KEY: 'short-host-key', ANALYTICS_SQLITE_PATH: join(scratch, 'short.sqlite') }))
      .rejects.toThrow(/HOST_ACCESS_KEY is 14 characters long; use at least 20/)
  })
})
