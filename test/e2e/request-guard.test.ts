// The request guard (server/middleware/request-guard.ts) against the built app: bodies are capped
// while streaming, media types are exact, cross-site mutations are refused, wrong methods get 405.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startStack, type Stack } from './support/stack'
import { apiRoutes, fillPath, rssMb, streamedPost } from './support/http'
import { bodyPolicyFor } from '../../server/utils/request-policy'

let stack: Stack
let hostCookie: string

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  hostCookie = await signIn(stack.app.url, stack.hostKey)
})

afterAll(async () => {
  await stack?.stop()
})

const FIVE_MB = 5 * 1024 * 1024
const json = { 'content-type': 'application/json' }

async function expectJsonError(response: { status: number, body: string }, status: number, message: RegExp) {
  expect(response.status).toBe(status)
  const body = JSON.parse(response.body)
  expect(body.statusCode).toBe(status)
  expect(body.message).toMatch(message)
}

describe('request bodies are capped while they stream', () => {
  it('answers a 5 MB chunked POST to every POST route with 401/413 before reading it, and memory does not grow', async () => {
    const posts = apiRoutes().filter(route => route.method !== 'GET')
    expect(posts.map(route => route.path)).toContain('/api/livekit/webhook')
    // Each route in a media type it takes; big-upload routes (read only for a signed-in host) are
    // sent without a session: an anonymous client must not make the server buffer megabytes.
    const headersFor = (path: string) => {
      const policy = bodyPolicyFor(fillPath(path))
      return { 'content-type': policy.types[0]!, ...(policy.roles ? {} : { cookie: hostCookie }) }
    }
    const pid = stack.app.process.pid!
    // Warm up each route once (lazy chunks load on first use), then measure.
    for (const route of posts) await fetch(`${stack.app.url}${fillPath(route.path)}`, { method: route.method, headers: headersFor(route.path), body: '{}' })
    const before = rssMb(pid)
    const seen: string[] = []
    // 4 rounds over every route, 5 requests in flight at a time.
    const jobs = Array.from({ length: 4 }, () => posts).flat()
    for (let i = 0; i < jobs.length; i += 5) {
      const answers = await Promise.all(jobs.slice(i, i + 5).map(route => streamedPost(`${stack.app.url}${fillPath(route.path)}`, {
        method: route.method, headers: headersFor(route.path), totalBytes: FIVE_MB,
      }).then(answer => ({ route, answer }), (error: Error) => {
        throw new Error(`${route.method} ${route.path}: ${error.message} after ${Math.round(((error as Error & { sent?: number }).sent ?? 0) / 1024)} KB`, { cause: error })
      })))
      for (const { route, answer } of answers) {
        seen.push(`${route.method} ${route.path}: ${answer.status} after ${Math.round(answer.sent / 1024)} KB`)
        expect([401, 413], `${route.method} ${route.path}: ${answer.body}`).toContain(answer.status)
        expect(JSON.parse(answer.body).message, route.path).toMatch(/too large|signed|Authorization|Sign in/i)
        // Refused long before the 5 MB were sent (socket buffers hold a few hundred KB).
        expect(answer.sent, route.path).toBeLessThan(FIVE_MB)
      }
    }
    const after = rssMb(pid)
    console.log(`[request-guard] ${seen.length} streamed 5 MB POSTs; app RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB\n  ${seen.slice(0, posts.length).join('\n  ')}`)
    // 4 rounds × every route × 5 MB would be well over 100 MB if bodies were read whole.
    expect(after - before).toBeLessThan(40)
  })

  it('refuses a declared Content-Length over the cap at once with a JSON 413', async () => {
    const answer = await streamedPost(`${stack.app.url}/api/auth/login`, { headers: json, totalBytes: FIVE_MB, contentLength: FIVE_MB })
    await expectJsonError(answer, 413, /too large: at most 16 KB/)
    expect(answer.sent).toBeLessThan(FIVE_MB)
  })

  it('refuses an unsigned webhook before reading its body, and caps a signed-looking one at 64 KB', async () => {
    const unsigned = await streamedPost(`${stack.app.url}/api/livekit/webhook`, { headers: { 'content-type': 'application/webhook+json' }, totalBytes: FIVE_MB })
    await expectJsonError(unsigned, 401, /Authorization/)
    const big = await streamedPost(`${stack.app.url}/api/livekit/webhook`, { headers: { 'content-type': 'application/webhook+json', 'authorization': 'x.y.z' }, totalBytes: 65 * 1024 + 1 })
    await expectJsonError(big, 413, /at most 64 KB/)
  })

  it('caps a host\'s chunked image upload at 10 MB', async () => {
    const answer = await streamedPost(`${stack.app.url}/api/uploads`, { headers: { 'content-type': 'image/jpeg', 'cookie': hostCookie }, totalBytes: 12 * 1024 * 1024 })
    await expectJsonError(answer, 413, /at most 10 MB/)
    expect(answer.sent).toBeLessThan(12 * 1024 * 1024)
  })

  it('still reads a body within the cap (sign-in works; a 15 KB login body is a 400 about the key, not a 413)', async () => {
    const ok = await fetch(`${stack.app.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ key: stack.opsKey }) })
    expect(ok.status).toBe(200)
    const long = await fetch(`${stack.app.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ key: 'k'.repeat(15 * 1024) }) })
    expect(long.status).toBe(400)
    expect((await long.json()).message).toMatch(/key: is too long/)
  })
})

describe('media type must be exactly application/json', () => {
  it.each([
    ['application/x-www-form-urlencoded;application/json', 'key=x'],
    ['text/plain;application/json', '{"key":"x"}'],
    ['text/plain', '{"key":"x"}'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('refuses %s with 415', async (type, body) => {
    const response = await fetch(`${stack.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': type }, body })
    expect(response.status).toBe(415)
    expect((await response.json()).message).toMatch(/application\/json/)
  })

  it('refuses a form-encoded recording start from a signed-in host', async () => {
    const response = await fetch(`${stack.app.url}/api/livekit/egress/start`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;application/json', 'cookie': hostCookie }, body: 'roomName=r',
    })
    expect(response.status).toBe(415)
  })

  it('accepts application/json with a charset', async () => {
    const response = await fetch(`${stack.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ key: stack.opsKey }) })
    expect(response.status).toBe(200)
  })
})

describe('cross-site mutations are refused (CSRF)', () => {
  const own = () => new URL(stack.app.url).origin

  it.each([
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', 'origin': 'https://evil.example' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['Origin: null (sandboxed frame)', { origin: 'null' }],
  ])('403 for a cookie-authenticated recording start with %s, and the host is still signed in', async (_name, headers) => {
    const response = await fetch(`${stack.app.url}/api/livekit/egress/start`, {
      method: 'POST', headers: { ...json, cookie: hostCookie, ...headers }, body: JSON.stringify({ roomName: 'r' }),
    })
    expect(response.status).toBe(403)
    expect((await response.json()).message).toMatch(/another site|opaque/)
    const logout = await fetch(`${stack.app.url}/api/auth/logout`, { method: 'POST', headers: { cookie: hostCookie, ...headers } })
    expect(logout.status).toBe(403)
    const session = await (await fetch(`${stack.app.url}/api/_auth/session`, { headers: { cookie: hostCookie } })).json()
    expect(session.user?.role).toBe('host')
  })

  it('lets the app itself through (same origin, by Origin or Sec-Fetch-Site)', async () => {
    const byOrigin = await fetch(`${stack.app.url}/api/livekit/egress/stop`, {
      method: 'POST', headers: { ...json, cookie: hostCookie, origin: own() }, body: JSON.stringify({ roomName: 'nothing-here' }),
    })
    expect(byOrigin.status).toBe(404)
    const bySite = await fetch(`${stack.app.url}/api/livekit/egress/stop`, {
      method: 'POST', headers: { ...json, 'cookie': hostCookie, 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ roomName: 'nothing-here' }),
    })
    expect(bySite.status).toBe(404)
  })
})

describe('wrong method on a known /api path', () => {
  it.each([
    ['POST', '/api/livekit/token?room=r&username=a', 'GET'],
    ['DELETE', '/api/livekit/rooms/status?room=r', 'GET'],
    ['GET', '/api/auth/login', 'POST'],
    ['PUT', '/api/livekit/webhook', 'POST'],
    ['POST', '/api/_auth/session', 'DELETE, GET'],
  ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
    const response = await fetch(`${stack.app.url}${path}`, { method })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe(allow)
    expect(response.headers.get('content-type')).toMatch(/application\/json/)
    expect((await response.json()).message).toMatch(new RegExp(`use ${allow.split(', ')[0]}`))
  })

  it('keeps 404 for a path no route knows', async () => {
    const response = await fetch(`${stack.app.url}/api/livekit/nope`, { method: 'POST' })
    expect(response.status).toBe(404)
  })
})
