import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, signIn, startStack, type AppServer, type Stack } from './support/stack'
import { createShows } from './support/shows'

let stack: Stack

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
})

afterAll(async () => {
  await stack?.stop()
})

const long = 'x'.repeat(65)
const huge = 'y'.repeat(10_000)

// Each row: what a client might send, and the status it must get (always a 4xx JSON body).
const malformed: Array<[string, string, RequestInit?, number?]> = [
  ['no params', '/api/livekit/token'],
  ['missing username', '/api/livekit/token?room=r'],
  ['missing room', '/api/livekit/token?username=a'],
  ['empty room', '/api/livekit/token?room=&username=a'],
  ['empty username', '/api/livekit/token?room=r&username='],
  ['blank username', '/api/livekit/token?room=r&username=%20%20%20'],
  ['overlong room', `/api/livekit/token?room=${long}&username=a`],
  ['overlong username', `/api/livekit/token?room=r&username=${long}`],
  ['huge username', `/api/livekit/token?room=r&username=${huge}`],
  ['room with slash', '/api/livekit/token?room=a%2Fb&username=a'],
  ['room with dots', '/api/livekit/token?room=..&username=a'],
  ['room with space', '/api/livekit/token?room=a%20b&username=a'],
  ['room with accent', '/api/livekit/token?room=caf%C3%A9&username=a'],
  ['room with emoji', '/api/livekit/token?room=%F0%9F%8E%89&username=a'],
  ['room with null byte', '/api/livekit/token?room=a%00b&username=a'],
  ['username with null byte', '/api/livekit/token?room=r&username=a%00b'],
  ['username with newline', '/api/livekit/token?room=r&username=a%0Ab'],
  ['username with bidi override', '/api/livekit/token?room=r&username=%E2%80%AEevil'],
  ['username of zero-width joiners', '/api/livekit/token?room=r&username=%E2%80%8D%E2%80%8D'],
  ['broken percent-encoding', '/api/livekit/token?room=%E0%A4%A&username=a'],
  ['room as array', '/api/livekit/token?room=a&room=b&username=a'],
  ['username as array', '/api/livekit/token?room=r&username=a&username=b'],
  ['room[] syntax', '/api/livekit/token?room[]=a&username=a'],
  ['admin not boolean', '/api/livekit/token?room=r&username=a&admin=yes'],
  ['admin as array', '/api/livekit/token?room=r&username=a&admin=true&admin=false'],
  ['admin without a session', '/api/livekit/token?room=r&username=a&admin=true', undefined, 401],
  ['POST to the token route', '/api/livekit/token?room=r&username=a', { method: 'POST' }, 405],
  ['PUT to the token route', '/api/livekit/token?room=r&username=a', { method: 'PUT' }, 405],
  ['DELETE to the token route', '/api/livekit/token?room=r&username=a', { method: 'DELETE' }, 405],
  ['GET to the login route', '/api/auth/login', undefined, 405],
  ['login without a body', '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' } }],
  ['login with non-JSON', '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' }],
  ['login with a JSON array', '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' }],
  ['login with a number key', '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":42}' }],
  ['login as a form post', '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'key=x' }, 415],
  ['unknown API path', '/api/livekit/nope', undefined, 404],
]

describe('bad input gets a 4xx JSON error a person can act on', () => {
  it(`answers ${malformed.length} malformed requests with 4xx JSON and a message, never 5xx`, async () => {
    const seen: string[] = []
    for (const [name, path, init, expected] of malformed) {
      const response = await fetch(`${stack.app.url}${path}`, init)
      const body = await response.json().catch(() => null) as { statusCode?: number, message?: string, stack?: unknown } | null
      seen.push(`${name}: ${response.status}`)
      expect(response.status, name).toBeGreaterThanOrEqual(400)
      expect(response.status, name).toBeLessThan(500)
      if (expected) expect(response.status, name).toBe(expected)
      expect(response.headers.get('content-type'), name).toMatch(/application\/json/)
      expect(body?.statusCode, name).toBe(response.status)
      expect(body?.message, name).toMatch(/\w{3,}/)
      expect(JSON.stringify(body), name).not.toMatch(/at .*\.(m?js|ts):\d+/)
    }
    expect(seen.length).toBeGreaterThanOrEqual(30)
  })

  it('names the bad field in the message', async () => {
    const response = await fetch(`${stack.app.url}/api/livekit/token?room=a/b&username=`)
    const body = await response.json()
    expect(body.message).toMatch(/room: may only contain letters/)
    expect(body.message).toMatch(/username: must not be empty/)
  })
})

describe('host sign-in', () => {
  it('refuses a wrong key without saying why, accepts the right one, and signs out', async () => {
    const wrong = await fetch(`${stack.app.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: `${stack.hostKey}x` }),
    })
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).message).toBe('That access key is not valid.')
    expect(wrong.headers.getSetCookie()).toHaveLength(0)

    const cookie = await signIn(stack.app.url, stack.hostKey)
    const session = await (await fetch(`${stack.app.url}/api/_auth/session`, { headers: { cookie } })).json()
    expect(session.user).toEqual({ role: 'host', hostId: 'builtin', name: 'Host' }) // the access-key host is the built-in host

    const out = await fetch(`${stack.app.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })
    expect(out.status).toBe(200)
    const cleared = out.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    const after = await (await fetch(`${stack.app.url}/api/_auth/session`, { headers: { cookie: cleared } })).json()
    expect(after.user).toBeUndefined()
  })

  it('sets the session cookie httpOnly and SameSite=Lax', async () => {
    const response = await fetch(`${stack.app.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: stack.opsKey }),
    })
    const [cookie] = response.headers.getSetCookie()
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })
})

describe('rate limits', () => {
  let app: AppServer
  beforeAll(async () => {
    // A second instance of the app with small budgets, so the limits are reachable in a test.
    app = await startApp({
      ...stack.appEnv,
      NUXT_TOKEN_RATE_LIMIT_POINTS: '20',
      NUXT_LOGIN_RATE_LIMIT_POINTS: '3',
    })
    // Tokens exist only for shows; both instances share the stack's database.
    await createShows(stack, ['r'])
  })
  afterAll(async () => {
    await app?.stop()
  })

  it('answers 429 with Retry-After once a client exceeds the token budget', async () => {
    const statuses: number[] = []
    let limited: Response | undefined
    for (let i = 0; i < 25; i++) {
      const response = await fetch(`${app.url}/api/livekit/token?room=r&username=v${i}`)
      statuses.push(response.status)
      if (response.status === 429) limited ??= response
    }
    expect(statuses.slice(0, 20).every(s => s === 200)).toBe(true)
    expect(statuses.slice(20).every(s => s === 429)).toBe(true)
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited!.json()).message).toMatch(/try again in \d+ s/i)
  })

  it('locks out repeated wrong sign-in keys, even before the right key is tried', async () => {
    const attempt = (key: string) => fetch(`${app.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }),
    })
    for (let i = 0; i < 3; i++) expect((await attempt(`guess-${i}`)).status).toBe(401)
    const locked = await attempt(stack.hostKey)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBeTruthy()
  })

  it('does not let a client dodge the limit with a forged X-Forwarded-For', async () => {
    const response = await fetch(`${app.url}/api/livekit/token?room=r&username=v`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(response.status).toBe(429)
  })
})

describe('configuration and headers', () => {
  it('answers 503 without internals when LiveKit is not configured, names the variables in the log, and still serves pages', async () => {
    const bare = await startApp({ NUXT_SESSION_PASSWORD: stack.sessionPassword, LIVEKIT_URL: '', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' })
    try {
      const response = await fetch(`${bare.url}/api/livekit/token?room=r&username=a`)
      expect(response.status).toBe(503)
      const body = await response.json()
      expect(body.message).toMatch(/not set up/)
      expect(JSON.stringify(body)).not.toMatch(/LIVEKIT_|NUXT_/)
      const log = bare.output()
      expect(log).toMatch(/LIVEKIT_URL/)
      expect(log).toMatch(/LIVEKIT_API_KEY/)
      expect(log).toMatch(/LIVEKIT_API_SECRET/)
      expect((await fetch(`${bare.url}/login`)).status).toBe(200)
    }
    finally {
      await bare.stop()
    }
  })

  it('answers 503 without upstream addresses when LiveKit does not answer, and logs the detail', async () => {
    const down = await startApp({ ...stack.appEnv, LIVEKIT_URL: 'ws://127.0.0.1:9' })
    try {
      const response = await fetch(`${down.url}/api/livekit/rooms/status?room=r`)
      expect(response.status).toBe(503)
      const text = await response.text()
      expect(text).toMatch(/not answering/)
      // (The error JSON names this app's own URL; never LiveKit's address or the driver's words.)
      expect(text).not.toMatch(/127\.0\.0\.1:9\b|ECONNREFUSED|LIVEKIT_URL|fetch failed/)
      expect(down.output()).toMatch(/ECONNREFUSED|did not answer/)
    }
    finally {
      await down.stop()
    }
  })

  it('answers 400 (not 500) for analytics dates at the edge of what JavaScript can represent', async () => {
    const cookie = await signIn(stack.app.url, stack.opsKey)
    for (const query of ['to=-271821-04-20', 'from=-271821-04-20T00:00:00Z', 'to=275760-09-13', 'from=1970-01-01&to=+275760-09-13T00:00:00Z']) {
      const response = await fetch(`${stack.app.url}/api/analytics/shows?${query}`, { headers: { cookie } })
      expect(response.status, query).toBe(400)
      expect((await response.json()).message, query).toMatch(/(from|to): must be between 2000-01-01 and 2100-01-01/)
    }
    expect((await fetch(`${stack.app.url}/api/analytics/shows?to=2026-01-31T18:00:00Z`, { headers: { cookie } })).status).toBe(200)
  })

  it('sends a CSP that allows the configured LiveKit server and media blobs, plus the other security headers', async () => {
    const response = await fetch(`${stack.app.url}/`)
    const csp = response.headers.get('content-security-policy') ?? ''
    const connect = csp.split(';').map(s => s.trim()).find(s => s.startsWith('connect-src')) ?? ''
    expect(connect).toContain(`ws://127.0.0.1:${stack.livekit.port}`)
    expect(connect).toContain(`http://127.0.0.1:${stack.livekit.port}`)
    expect(connect).not.toContain('*')
    expect(csp).toMatch(/media-src[^;]*blob:/)
    expect(csp).toMatch(/frame-ancestors 'none'/)
    expect(csp).toMatch(/script-src[^;]*'nonce-/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(response.headers.get('permissions-policy')).toMatch(/camera=\(self\)/)
  })

  it('never puts the API secret in what the browser gets', async () => {
    const html = await (await fetch(`${stack.app.url}/`)).text()
    expect(html).not.toContain(stack.livekit.apiSecret)
    expect(html).not.toContain(stack.hostKey)
    expect(html).not.toContain(stack.sessionPassword)
  })
})
