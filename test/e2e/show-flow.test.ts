// Issue 13's flow, end to end, on SQLite and on PostgreSQL: ops create a host; the host (email +
// password) builds a catalog (an uploaded image, a variant; a non-image refused; CSV round-trip)
// and schedules a show with a lineup on the /shows page; a viewer who opened the show page before
// the start sees the cover, countdown and lineup, and plays as soon as the host goes live — without
// reloading; another host gets 403 for the studio token; an unknown show is 404 and LiveKit has no
// room for it. Real LiveKit, real Chromium (fake camera), real databases.
import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { Product, ShowDetail } from '../../shared/types/catalog'
import { launchChromium } from './support/browser'
import { signIn, startStack, type Stack } from './support/stack'
import { photo, uploadImage } from './support/catalog'
import { createShow } from './support/shows'
import { goLive, waitForPlayback } from './support/pages'
import { eventually } from './support/rtc'

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function call(stack: Stack, method: string, path: string, body?: unknown, cookie?: string) {
  const response = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let json: unknown = text
  try {
    json = JSON.parse(text)
  }
  catch {
    // not JSON: the tests read the text
  }
  return { status: response.status, json: json as Record<string, unknown>, cookies: response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ') }
}

/** A browser context holding this session cookie (the host's email+password session). */
async function contextWith(browser: Browser, stack: Stack, cookie: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', ...options })
  for (const pair of cookie.split('; ')) {
    const [name, ...value] = pair.split('=')
    await context.addCookies([{ name: name!, value: value.join('='), url: stack.app.url }])
  }
  return context
}

/** Waits until Vue has taken over the server-rendered page (a click before that does nothing). */
async function hydrated(page: Page) {
  await page.waitForFunction(() => !!(document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__)
}

/** "2030-03-01T18:00" (a datetime-local value in UTC) 3–4 minutes from now, on the minute: near enough for the seconds to tick. */
function inAFewMinutes() {
  const start = new Date(Math.ceil((Date.now() + 3 * 60_000) / 60_000) * 60_000)
  return { local: start.toISOString().slice(0, 16), iso: start.toISOString() }
}

describe.each([
  { backend: 'SQLite' },
  { backend: 'PostgreSQL' },
])('the show flow on $backend', ({ backend }) => {
  const schema = `t_show_flow_${randomBytes(4).toString('hex')}`
  const SHOW = `launch-${backend.toLowerCase()}`
  let stack: Stack
  let browser: Browser
  let hostCookie: string
  let hostContext: BrowserContext
  let viewerContext: BrowserContext
  let viewer: Page
  const products: Product[] = []
  let schedule: ReturnType<typeof inAFewMinutes>

  beforeAll(async () => {
    stack = await startStack(backend === 'PostgreSQL' ? { env: { DATABASE_URL: PG_URL, ANALYTICS_DB_SCHEMA: schema } } : {})
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await stack?.stop()
    if (backend === 'PostgreSQL') {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  })

  it('ops create a host, who signs in with email and password', async () => {
    const ops = await signIn(stack.app.url, stack.opsKey)
    const created = await call(stack, 'POST', '/api/hosts', { name: 'Mia Maker', email: 'mia@example.com', password: 'a long enough password' }, ops)
    expect(created.status).toBe(201)
    const login = await call(stack, 'POST', '/api/auth/login', { email: 'mia@example.com', password: 'a long enough password' })
    expect(login.status).toBe(200)
    hostCookie = login.cookies
    const session = await call(stack, 'GET', '/api/_auth/session', undefined, hostCookie)
    expect(session.json.user).toMatchObject({ role: 'host', name: 'Mia Maker' })
  })

  it('the host builds a catalog: an uploaded image, a variant; a non-image is refused and leaves nothing', async () => {
    const uploads = () => {
      try {
        return readdirSync(stack.appEnv.NUXT_UPLOADS_DIR!, { recursive: true }).length
      }
      catch {
        return 0 // no upload yet: no folder yet
      }
    }
    const before = uploads()
    const refused = await fetch(`${stack.app.url}/api/uploads`, { method: 'POST', headers: { 'content-type': 'image/jpeg', 'cookie': hostCookie }, body: 'just some text, not a photo' })
    expect(refused.status).toBe(415)
    expect((await refused.json()).message).toMatch(/not an image/)
    expect(uploads()).toBe(before)

    const image = await uploadImage(stack.app.url, hostCookie, await photo(1200, 900, 'jpeg', 20))
    const tee = await call(stack, 'POST', '/api/products', {
      title: 'Sunset tee', price: 2900, currency: 'EUR', images: [image.id], stock: 0,
      variants: [{ name: 'M', stock: 5 }, { name: 'L', stock: 3, price: 3100 }],
    }, hostCookie)
    expect(tee.status).toBe(201)
    expect(tee.json).toMatchObject({ title: 'Sunset tee', stock: 8 })
    const mug = await call(stack, 'POST', '/api/products', {
      title: 'Enamel mug', price: 1450, currency: 'EUR', images: [(await uploadImage(stack.app.url, hostCookie, await photo(600, 600, 'png', 120), 'image/png')).id], stock: 12,
    }, hostCookie)
    expect(mug.status).toBe(201)
    products.push(tee.json as unknown as Product, mug.json as unknown as Product)
  })

  it('CSV round-trip: the export imported again changes nothing', async () => {
    const exportCsv = async () => (await fetch(`${stack.app.url}/api/products/export.csv`, { headers: { cookie: hostCookie } })).text()
    const first = await exportCsv()
    expect(first).toContain('Sunset tee')
    expect(first.split('\r\n').filter(line => line.includes('Sunset tee'))).toHaveLength(2) // one row per variant
    const imported = await fetch(`${stack.app.url}/api/products/import`, { method: 'POST', headers: { 'content-type': 'text/csv', 'cookie': hostCookie }, body: first })
    expect(await imported.json()).toEqual({ created: 0, updated: 2, variants: 2 })
    expect(await exportCsv()).toBe(first)
  })

  it('the host schedules a show with a cover and a lineup on the /shows page (errors next to their field)', async () => {
    await createShow(stack, { id: 'taken-name', title: 'Taken' }, { cookie: hostCookie })
    hostContext = await contextWith(browser, stack, hostCookie)
    const page = await hostContext.newPage()
    await page.goto(`${stack.app.url}/shows`)
    await hydrated(page)
    await page.getByRole('link', { name: 'Shows', exact: true }).waitFor() // the nav link, for hosts
    await page.getByTestId('new-show').click()
    const editor = page.getByTestId('show-editor')
    await editor.getByRole('button', { name: 'Create show' }).click()
    await editor.getByText('Title must not be empty').waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title')

    // The server's answer (a taken link name) lands next to its field too.
    await editor.getByLabel('Title').fill('Launch party')
    await editor.getByLabel('Link name').fill('taken-name')
    await editor.getByRole('button', { name: 'Create show' }).click()
    await editor.getByText('Link name a show called "taken-name" already exists, pick another name.').waitFor()
    expect(await editor.getByLabel('Link name').getAttribute('aria-invalid')).toBe('true')

    await editor.getByLabel('Link name').fill(SHOW)
    await editor.getByLabel('Description').fill('New colours, first look.')
    schedule = inAFewMinutes()
    await editor.getByLabel('Starts at (your time; optional)').fill(schedule.local)
    await editor.getByTestId('image-input').setInputFiles({ name: 'cover.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 900, 'jpeg', 300) })
    await editor.getByRole('img', { name: 'Image 1 (main)' }).waitFor()
    // Lineup: add the mug, then the tee, then move the tee up with the keyboard.
    await editor.getByLabel('Product to add').selectOption({ label: 'Enamel mug — €14.50' })
    await editor.getByTestId('lineup-add').click()
    await editor.getByLabel('Product to add').selectOption({ label: 'Sunset tee — €29.00' })
    await editor.getByTestId('lineup-add').click()
    await editor.getByRole('button', { name: 'Move Sunset tee up' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => editor.getByTestId('lineup-list').locator('li').allTextContents()).toEqual([
      expect.stringContaining('Sunset tee'), expect.stringContaining('Enamel mug'),
    ])
    // Focus stayed with the moved product (its "Move down" now, "Move up" is disabled at the top).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Sunset tee down')
    await editor.getByRole('button', { name: 'Create show' }).click()

    await page.getByTestId('shows-notice').getByText('Saved “Launch party”.').waitFor()
    const row = page.locator(`[data-show="${SHOW}"]`)
    expect(await row.getByTestId('show-status').textContent()).toBe('Scheduled')
    await expect.poll(() => row.locator('img').evaluate(img => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    const show = (await call(stack, 'GET', `/api/shows/${SHOW}`)).json as unknown as ShowDetail
    expect(show).toMatchObject({ title: 'Launch party', hostName: 'Mia Maker', status: 'scheduled', scheduledAt: schedule.iso, coverImage: expect.any(String) })
    expect(show.lineup.map(product => product.title)).toEqual(['Sunset tee', 'Enamel mug'])

    // Editing opens with what was saved; a change shows at once on the public record.
    await page.getByRole('button', { name: 'Edit Launch party' }).click()
    const edit = page.getByTestId('show-editor')
    expect(await edit.getByLabel('Title').inputValue()).toBe('Launch party')
    expect(await edit.getByLabel('Starts at (your time; optional)').inputValue()).toBe(schedule.local)
    expect(await edit.getByLabel('Link name').count()).toBe(0) // the id never changes
    await expect.poll(() => edit.getByTestId('lineup-list').locator('li').allTextContents()).toEqual([
      expect.stringContaining('Sunset tee'), expect.stringContaining('Enamel mug'),
    ])
    await edit.getByLabel('Description').fill('New colours, first look. Doors open early.')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await page.getByTestId('shows-notice').getByText('Saved “Launch party”.').waitFor()
    expect(((await call(stack, 'GET', `/api/shows/${SHOW}`)).json as unknown as ShowDetail).description).toBe('New colours, first look. Doors open early.')
    await page.close()
  })

  it('ops see every host\'s shows on /shows, read-only', async () => {
    const ops = await contextWith(browser, stack, await signIn(stack.app.url, stack.opsKey))
    const page = await ops.newPage()
    await page.goto(`${stack.app.url}/shows`)
    const row = page.locator(`[data-show="${SHOW}"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain('Mia Maker')
    expect(await page.getByTestId('new-show').count()).toBe(0)
    expect(await row.getByRole('button').count()).toBe(0) // no edit, no end
    expect(await row.getByRole('link', { name: 'Watch page of Launch party' }).getAttribute('href')).toBe(`/watch/${SHOW}`)
    await ops.close()
  })

  it('a viewer opens the scheduled show before the start: cover, countdown, lineup with prices, Share', async () => {
    viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC' })
    await viewerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.app.url })
    viewer = await viewerContext.newPage()
    await viewer.goto(`${stack.app.url}/watch/${SHOW}`)
    await hydrated(viewer)
    await viewer.evaluate(() => {
      (window as unknown as { flowMarker: number }).flowMarker = 1
    })
    const upcoming = viewer.getByTestId('show-upcoming')
    await upcoming.waitFor({ timeout: 30_000 })
    expect(await viewer.locator('h1.watch-title').textContent()).toContain('Launch party')
    expect(await upcoming.getByRole('heading').textContent()).toContain('Launch party')
    expect(await upcoming.textContent()).toContain('with Mia Maker')
    const countdown = await upcoming.getByTestId('countdown').textContent()
    expect(countdown).toMatch(/^Starts in [1-4] min \d\d s/)
    expect(await upcoming.getByTestId('upcoming-status').textContent()).toMatch(/^\s*Starts \w+/)
    // It ticks.
    await expect.poll(() => upcoming.getByTestId('countdown').textContent(), { timeout: 5_000 }).not.toBe(countdown)
    await expect.poll(() => upcoming.getByTestId('show-cover').evaluate(img => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    // The player waits in the room meanwhile.
    await expect.poll(() => viewer.locator('.lk-player').getAttribute('data-state'), { timeout: 30_000 }).toBe('waiting')
    expect(await upcoming.isVisible()).toBe(true) // still the countdown, over the joined room
    const lineup = viewer.getByTestId('shop-lineup')
    await lineup.waitFor()
    const text = await lineup.textContent()
    expect(text).toMatch(/Sunset tee[\s\S]*€29\.00[\s\S]*Enamel mug[\s\S]*€14\.50/)

    // Share: headless Linux Chromium has no share sheet, so the link is copied and said so.
    await viewer.locator('.watch-head').getByTestId('share-show').click()
    await viewer.locator('.watch-head').getByTestId('share-status').getByText('Link copied').waitFor()
    expect(await viewer.evaluate(() => navigator.clipboard.readText())).toBe(`${stack.app.url}/watch/${SHOW}`)
  })

  it('another host gets 403 for the studio\'s admin token; the show stays scheduled', async () => {
    const keyHost = await signIn(stack.app.url, stack.hostKey)
    const admin = await fetch(`${stack.app.url}/api/livekit/token?room=${SHOW}&username=Intruder&admin=true`, { headers: { cookie: keyHost } })
    expect(admin.status).toBe(403)
    expect(((await call(stack, 'GET', `/api/shows/${SHOW}`)).json as unknown as ShowDetail).status).toBe('scheduled')
  })

  it('a studio opened and closed without going on air: LiveKit closes the empty room, the show stays scheduled and goes live later', async () => {
    const id = `camera-check-${backend.toLowerCase()}`
    await createShow(stack, { id, title: 'Camera check', scheduledAt: new Date(Date.now() + 600_000).toISOString() }, { cookie: hostCookie })
    // The room the studio's token opens, made first with a 2 s empty timeout (the app's CreateRoom
    // returns an existing room as it is) so LiveKit closes it soon, as it would after 30 s.
    const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
    const made = await rooms.createRoom({ name: id, emptyTimeout: 2 })
    const studio = await fetch(`${stack.app.url}/api/livekit/token?room=${id}&username=Mia&admin=true`, { headers: { cookie: hostCookie } })
    expect(studio.status).toBe(200)
    expect((await call(stack, 'GET', `/api/shows/${id}`)).json).toMatchObject({ status: 'scheduled', startedAt: null })
    // Nobody went on air; LiveKit closes the room and its room_finished webhook reaches the app
    // (the analytics store has it once the show's status was handled).
    const ops = await signIn(stack.app.url, stack.opsKey)
    await eventually(async () => {
      const { shows } = (await call(stack, 'GET', '/api/analytics/shows?days=1', undefined, ops)).json as unknown as { shows: { sid: string, endedAt: string | null }[] }
      return shows.some(show => show.sid === made.sid && show.endedAt) ? true : null
    }, { timeoutMs: 45_000, intervalMs: 500 })
    expect(await rooms.listRooms([id])).toEqual([])
    expect((await call(stack, 'GET', `/api/shows/${id}`)).json).toMatchObject({ status: 'scheduled', startedAt: null, endedAt: null })
    // Later the host opens the studio again and goes on air: live from then.
    expect((await fetch(`${stack.app.url}/api/livekit/token?room=${id}&username=Mia&admin=true`, { headers: { cookie: hostCookie } })).status).toBe(200)
    const live = await call(stack, 'POST', `/api/shows/${id}/live`, undefined, hostCookie)
    expect(live.status).toBe(200)
    expect(live.json).toMatchObject({ status: 'live', startedAt: expect.any(String) })
  })

  it('the host opens the studio from /shows and goes live; the viewer plays without reloading', async () => {
    const studio = await hostContext.newPage()
    await studio.goto(`${stack.app.url}/shows`)
    await hydrated(studio)
    await studio.getByRole('link', { name: 'Open studio for Launch party' }).click()
    await studio.waitForURL(`**/broadcast/${SHOW}`)
    // The URL changes before the studio page has replaced /shows (client-side navigation): wait for its heading.
    await expect.poll(() => studio.locator('h1').textContent(), { timeout: 15_000 }).toBe('Studio: Launch party')
    await studio.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="host-preview"]')
      return !!video && video.videoWidth > 0
    }, undefined, { timeout: 30_000 })
    // The studio is open (the camera previews): nothing is on air yet.
    expect(((await call(stack, 'GET', `/api/shows/${SHOW}`)).json as unknown as ShowDetail).status).toBe('scheduled')
    await goLive(studio)

    const playing = await waitForPlayback(viewer, 45_000)
    expect(playing.width).toBeGreaterThan(0)
    expect(await viewer.getByTestId('show-upcoming').count()).toBe(0)
    // The same document all along: no reload, no navigation.
    expect(await viewer.evaluate(() => [(window as unknown as { flowMarker?: number }).flowMarker, performance.getEntriesByType('navigation').length])).toEqual([1, 1])
    expect(((await call(stack, 'GET', `/api/shows/${SHOW}`)).json as unknown as ShowDetail).status).toBe('live')
  })

  it.runIf(backend === 'SQLite')('on a phone, the live show has a Share button in the player\'s top bar', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
    await phone.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.app.url })
    const page = await phone.newPage()
    await page.goto(`${stack.app.url}/watch/${SHOW}`)
    await page.getByTestId('mobile-player').waitFor()
    await waitForPlayback(page)
    await page.getByRole('button', { name: 'Share this show' }).tap()
    await page.getByTestId('mobile-player').getByText('Link copied').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${stack.app.url}/watch/${SHOW}`)
    await phone.close()
  })

  it.runIf(backend === 'SQLite')('a scheduled show the host ends instead tells its waiting viewers, without a reload', async () => {
    await createShow(stack, { id: 'called-off', title: 'Called off', scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }, { cookie: hostCookie })
    const page = await viewerContext.newPage()
    await page.goto(`${stack.app.url}/watch/called-off`)
    await page.getByTestId('show-upcoming').waitFor({ timeout: 30_000 })
    expect((await call(stack, 'PATCH', '/api/shows/called-off', { status: 'ended' }, hostCookie)).status).toBe(200)
    await page.getByTestId('show-ended').getByText('This show has ended').waitFor({ timeout: 30_000 }) // checked every 15 s
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)
    await page.close()
  })

  it('an unknown show: the token is 404, LiveKit has no such room, the page says so', async () => {
    const token = await fetch(`${stack.app.url}/api/livekit/token?room=no-such-show&username=Curious`)
    expect(token.status).toBe(404)
    expect((await token.json()).message).toMatch(/No such show/)
    const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
    expect(await rooms.listRooms(['no-such-show'])).toEqual([])
    expect((await rooms.listRooms([SHOW])).map(room => room.name)).toEqual([SHOW]) // the check can see rooms
    const page = await viewerContext.newPage()
    expect((await page.goto(`${stack.app.url}/watch/no-such-show`))?.status()).toBe(404)
    await page.getByTestId('show-missing').getByRole('link', { name: 'Find a live show' }).waitFor()
    await page.close()
  })

  it('the host ends the show from /shows (after confirming): its watch page says so; "Schedule again" brings it back', async () => {
    const page = await hostContext.newPage()
    await page.goto(`${stack.app.url}/shows`)
    await hydrated(page)
    await page.getByRole('button', { name: 'End Launch party' }).click()
    await page.getByRole('button', { name: 'Keep it' }).click() // changing one's mind is one tap
    await page.getByRole('button', { name: 'End Launch party' }).click()
    await page.getByTestId('confirm-end').click()
    await eventually(async () => (await page.locator(`[data-show="${SHOW}"]`).getAttribute('data-status')) === 'ended')
    const late = await viewerContext.newPage()
    await late.goto(`${stack.app.url}/watch/${SHOW}`)
    await late.getByTestId('show-ended').getByText('This show has ended').waitFor()
    expect(await late.getByTestId('show-ended').getByRole('link', { name: 'Find a live show' }).getAttribute('href')).toBe('/')

    expect((await fetch(`${stack.app.url}/api/livekit/token?room=${SHOW}&username=Late`)).status).toBe(410)

    // An ended show can be scheduled again from the list: viewers get tokens and a player again.
    await page.getByRole('button', { name: 'Schedule Launch party again' }).click()
    await eventually(async () => (await page.locator(`[data-show="${SHOW}"]`).getAttribute('data-status')) === 'scheduled')
    expect((await fetch(`${stack.app.url}/api/livekit/token?room=${SHOW}&username=Late`)).status).toBe(200)
    await late.reload()
    await late.getByTestId('player-stage').waitFor({ timeout: 30_000 })
    expect(await late.getByTestId('show-ended').count()).toBe(0)
  })
})
