// Host accounts: ops create, disable and reset hosts; hosts sign in with email + password and
// control only their own shows; the access-key host keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startStack, type Stack } from './support/stack'
import { createShow } from './support/shows'

let stack: Stack
let ops: string

beforeAll(async () => {
  // More sign-ins than the per-address budget (10 per 5 min) from this one test client.
  stack = await startStack({ webhooks: false, env: { NUXT_LOGIN_RATE_LIMIT_POINTS: '100' } })
  ops = await signIn(stack.app.url, stack.opsKey)
})

afterAll(async () => {
  await stack?.stop()
})

async function call(method: string, path: string, body?: unknown, cookie?: string) {
  const response = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const cookies = response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  return { status: response.status, json: await response.json(), cookies }
}

const hostSignIn = (email: string, password: string) => call('POST', '/api/auth/login', { email, password })

describe('host accounts', () => {
  let anna: { id: string }
  let annaCookie: string

  it('ops create a host; only ops may (401/403), and an email is taken once', async () => {
    const body = { name: 'Anna Seller', email: 'Anna@Example.com', password: 'correct horse battery' }
    expect((await call('POST', '/api/hosts', body)).status).toBe(401)
    expect((await call('POST', '/api/hosts', body, await signIn(stack.app.url, stack.hostKey))).status).toBe(403)
    const created = await call('POST', '/api/hosts', body, ops)
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ name: 'Anna Seller', email: 'anna@example.com', disabled: false })
    expect(JSON.stringify(created.json)).not.toMatch(/password|scrypt|\$/i)
    anna = created.json
    expect((await call('POST', '/api/hosts', body, ops)).status).toBe(409)
    expect((await call('POST', '/api/hosts', { ...body, email: 'b@example.com', password: 'short' }, ops)).json.message).toMatch(/password: must be at least 10/)
    expect((await call('GET', '/api/hosts', undefined, ops)).json.hosts.map((h: { id: string }) => h.id)).toEqual([anna.id])
  })

  it('the host signs in with email + password; a wrong password gets the same message as an unknown email', async () => {
    const wrong = await hostSignIn('anna@example.com', 'not the password')
    const unknown = await hostSignIn('nobody@example.com', 'correct horse battery')
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(wrong.json.message).toBe(unknown.json.message)
    const ok = await hostSignIn('ANNA@example.com', 'correct horse battery')
    expect(ok.status).toBe(200)
    annaCookie = ok.cookies
    const session = await call('GET', '/api/_auth/session', undefined, annaCookie)
    expect(session.json.user).toMatchObject({ role: 'host', hostId: anna.id, name: 'Anna Seller' })
  })

  it('a host controls only their own shows: the other host gets 403 for the studio token and edits', async () => {
    await createShow(stack, { id: 'annas-show', title: 'Anna live' }, { cookie: annaCookie })
    const keyHost = await signIn(stack.app.url, stack.hostKey)
    const admin = await fetch(`${stack.app.url}/api/livekit/token?room=annas-show&username=Intruder&admin=true`, { headers: { cookie: keyHost } })
    expect(admin.status).toBe(403)
    expect((await call('PATCH', '/api/shows/annas-show', { title: 'Mine' }, keyHost)).status).toBe(403)
    const own = await fetch(`${stack.app.url}/api/livekit/token?room=annas-show&username=Anna&admin=true`, { headers: { cookie: annaCookie } })
    expect(own.status).toBe(200)
    expect((await call('GET', '/api/shows/annas-show')).json).toMatchObject({ hostName: 'Anna Seller', status: 'live' })
  })

  it('disabling a host signs it out at once and refuses its sign-in; enabling lets it back', async () => {
    expect((await call('PATCH', `/api/hosts/${anna.id}`, { disabled: true }, ops)).json.disabled).toBe(true)
    await expect.poll(async () => (await call('GET', '/api/shows', undefined, annaCookie)).status, { timeout: 10_000 }).toBe(401)
    expect((await hostSignIn('anna@example.com', 'correct horse battery')).status).toBe(401)
    await call('PATCH', `/api/hosts/${anna.id}`, { disabled: false }, ops)
    expect((await hostSignIn('anna@example.com', 'correct horse battery')).status).toBe(200)
  })

  it('a password reset signs old sessions out; only the new password works', async () => {
    const before = (await hostSignIn('anna@example.com', 'correct horse battery')).cookies
    expect((await call('PATCH', `/api/hosts/${anna.id}`, { password: 'a brand new passphrase' }, ops)).status).toBe(200)
    await expect.poll(async () => (await call('GET', '/api/shows', undefined, before)).status, { timeout: 10_000 }).toBe(401)
    expect((await hostSignIn('anna@example.com', 'correct horse battery')).status).toBe(401)
    expect((await hostSignIn('anna@example.com', 'a brand new passphrase')).status).toBe(200)
    // The access-key host still signs in as before.
    expect((await call('POST', '/api/auth/login', { key: stack.hostKey })).status).toBe(200)
  })
})
