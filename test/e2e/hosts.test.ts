// Host accounts: ops create, disable and reset hosts; hosts sign in with email + password and
// control only their own shows; the access-key host keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { signIn, startApp, startStack, type Stack } from './support/stack'
import { createShow } from './support/shows'
import { waitForHydration } from './support/pages'

let stack: Stack
let ops: string
let browser: Browser | undefined

beforeAll(async () => {
  // More sign-ins than the per-address budget (10 per 5 min) from this one test client.
  stack = await startStack({ webhooks: false, env: { NUXT_LOGIN_RATE_LIMIT_POINTS: '100' } })
  ops = await signIn(stack.app.url, stack.opsKey)
})

afterAll(async () => {
  await browser?.close()
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
    expect((await call('GET', '/api/shows/annas-show')).json).toMatchObject({ hostName: 'Anna Seller', status: 'scheduled' })
    // Going on air is hers alone too.
    const intruder = await call('POST', '/api/shows/annas-show/live', undefined, keyHost)
    expect(intruder.status).toBe(403)
    expect(intruder.json.message).toMatch(/another host/)
    expect((await call('POST', '/api/shows/annas-show/live', undefined, annaCookie)).json).toMatchObject({ hostName: 'Anna Seller', status: 'live', startedAt: expect.any(String) })
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

describe('the /hosts page and the email sign-in form, in Chromium', () => {
  let opsPage: Page
  let brunoPassword = ''

  /** Signs in through /login's access-key form, as a person would. */
  async function signInWithKey(page: Page, key: string, redirect: string) {
    await page.goto(`${stack.app.url}/login?redirect=${encodeURIComponent(redirect)}`)
    await waitForHydration(page)
    await page.getByLabel('Access key', { exact: true }).fill(key)
    await page.getByTestId('key-form').getByRole('button', { name: 'Sign in with key' }).click()
    await page.waitForURL(`${stack.app.url}${redirect}`)
  }

  beforeAll(async () => {
    browser = await launchChromium()
  })

  it('is for ops only: a visitor and a host are sent to sign in', async () => {
    const visitor = await (await browser!.newContext()).newPage()
    await visitor.goto(`${stack.app.url}/hosts`)
    await visitor.waitForURL(/\/login\?redirect=(%2F|\/)hosts&need=ops$/)
    expect(await visitor.getByTestId('needs-ops').textContent()).toContain('sign in with the ops access key')
    await signInWithKey(visitor, stack.hostKey, '/products')
    // A host is not sent back and forth: the sign-in page stays, saying which key the page needs.
    await visitor.goto(`${stack.app.url}/hosts`)
    await visitor.waitForURL(/\/login\?redirect=(%2F|\/)hosts&need=ops$/)
    await visitor.getByTestId('needs-ops').waitFor()
    await visitor.context().close()
  })

  it('ops sign in with the key, reach Hosts from the menu and see the accounts with their show counts', async () => {
    opsPage = await (await browser!.newContext()).newPage()
    await signInWithKey(opsPage, stack.opsKey, '/')
    await opsPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).click()
    await opsPage.waitForURL(`${stack.app.url}/hosts`)
    const anna = opsPage.getByTestId('host-anna@example.com')
    await anna.waitFor()
    expect(await anna.textContent()).toContain('Anna Seller')
    expect(await anna.textContent()).toContain('1 show ·')
    expect(await anna.getByTestId('host-status').textContent()).toBe('Active')
  })

  it('shows errors next to their field, before sending and from the server, then creates the host', async () => {
    const form = opsPage.getByTestId('host-create')
    await form.getByLabel('Email', { exact: true }).fill('not-an-email')
    await form.getByLabel('Password', { exact: true }).fill('short')
    await form.getByRole('button', { name: 'Create host' }).click()
    expect(await form.getByText('Name must not be empty').isVisible()).toBe(true)
    expect(await form.getByText('Email must be an email address').isVisible()).toBe(true)
    expect(await form.getByText('Password must be at least 10 characters').isVisible()).toBe(true)
    expect(await form.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect(await opsPage.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name')

    // Taken email: the server's 409 lands under the email field.
    await form.getByLabel('Name', { exact: true }).fill('Bruno Seller')
    await form.getByLabel('Email', { exact: true }).fill('anna@example.com')
    await form.getByLabel('Password', { exact: true }).fill('a long enough password')
    await form.getByRole('button', { name: 'Create host' }).click()
    await form.getByText('Email a host with anna@example.com already exists.').waitFor()

    await form.getByLabel('Email', { exact: true }).fill('bruno@example.com')
    await form.getByRole('button', { name: 'Generate' }).click()
    const generated = await form.getByLabel('Password', { exact: true }).inputValue()
    expect(generated).toMatch(/^[A-Za-z0-9]{16}$/)
    await form.getByRole('button', { name: 'Create host' }).click()
    const bruno = opsPage.getByTestId('host-bruno@example.com')
    await bruno.waitFor()
    expect(await bruno.getByTestId('host-status').textContent()).toBe('Active')
    expect(await opsPage.getByTestId('handover-password').textContent()).toBe(generated)
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('') // ready for the next one
    brunoPassword = generated
  })

  it('the new host signs in through the email form and lands on the redirect; a wrong password is said next to the form', async () => {
    const page = await (await browser!.newContext()).newPage()
    await page.goto(`${stack.app.url}/login?redirect=%2Fproducts`)
    await waitForHydration(page)
    const form = page.getByTestId('account-form')
    await form.getByLabel('Email', { exact: true }).fill('bruno@example.com')
    await form.getByLabel('Password', { exact: true }).fill('not the password at all')
    await form.getByRole('button', { name: 'Sign in' }).click()
    expect(await form.getByRole('alert').textContent()).toBe('That email and password do not match an active host.')
    expect(new URL(page.url()).pathname).toBe('/login')

    await form.getByLabel('Password', { exact: true }).fill(brunoPassword)
    await form.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${stack.app.url}/products`)
    await page.getByRole('heading', { name: 'Products' }).waitFor()
    const session = await page.evaluate(() => fetch('/api/_auth/session').then(r => r.json()))
    expect(session.user).toMatchObject({ role: 'host', name: 'Bruno Seller' })
    await page.context().close()
  })

  it('ops disable and enable a host, and reset its password; each takes effect for sign-in', async () => {
    const bruno = opsPage.getByTestId('host-bruno@example.com')
    await bruno.getByRole('button', { name: 'Disable Bruno Seller' }).click()
    await expect.poll(() => bruno.getByTestId('host-status').textContent()).toBe('Disabled')
    expect(await opsPage.getByTestId('hosts-notice').textContent()).toContain('Bruno Seller is disabled and was signed out everywhere.')
    expect((await hostSignIn('bruno@example.com', brunoPassword)).status).toBe(401)
    await bruno.getByRole('button', { name: 'Enable Bruno Seller' }).click()
    await expect.poll(() => bruno.getByTestId('host-status').textContent()).toBe('Active')
    expect((await hostSignIn('bruno@example.com', brunoPassword)).status).toBe(200)

    await bruno.getByRole('button', { name: 'Reset password of Bruno Seller' }).click()
    const reset = bruno.getByTestId('host-password-form')
    // The field has the focus, so ops can type at once.
    expect(await opsPage.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password')
    await opsPage.keyboard.type('tiny')
    await reset.getByRole('button', { name: 'Set password' }).click()
    await reset.getByText('Password must be at least 10 characters').waitFor()
    await reset.getByLabel('New password for Bruno Seller').fill('brunos new passphrase')
    await reset.getByRole('button', { name: 'Set password' }).click()
    await reset.waitFor({ state: 'detached' })
    expect(await opsPage.getByTestId('handover-password').textContent()).toBe('brunos new passphrase')
    expect((await hostSignIn('bruno@example.com', brunoPassword)).status).toBe(401)
    expect((await hostSignIn('bruno@example.com', 'brunos new passphrase')).status).toBe(200)
  })

  it('says in minutes when to try again once sign-in is paused for this address (429)', async () => {
    // Another instance of the app with the default 5-minute window and a budget of 2 attempts.
    const strict = await startApp({ ...stack.appEnv, NUXT_LOGIN_RATE_LIMIT_POINTS: '2' })
    try {
      const page = await (await browser!.newContext()).newPage()
      await page.goto(`${strict.url}/login`)
      await waitForHydration(page)
      const form = page.getByTestId('account-form')
      await form.getByLabel('Email', { exact: true }).fill('bruno@example.com')
      await form.getByLabel('Password', { exact: true }).fill('wrong wrong wrong')
      for (const expected of ['That email and password do not match an active host.', 'That email and password do not match an active host.', 'Too many sign-in attempts. Try again in 5 min.']) {
        await form.getByRole('button', { name: 'Sign in' }).click()
        await expect.poll(() => form.getByRole('alert').textContent()).toBe(expected)
        await form.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' })
      }
      await page.context().close()
    }
    finally {
      await strict.stop()
    }
  })

  it('fits a 360 px phone: no sideways scrolling, controls at least 44 px', async () => {
    await opsPage.setViewportSize({ width: 360, height: 740 })
    await opsPage.reload()
    await opsPage.getByTestId('host-bruno@example.com').waitFor()
    expect(await opsPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const heights = await opsPage.locator('main button, main input').evaluateAll(elements => elements.map(e => e.getBoundingClientRect().height))
    expect(heights.length).toBeGreaterThan(4)
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)
  })
})
