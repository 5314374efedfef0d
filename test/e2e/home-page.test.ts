// The home page as a shopper sees it: live shows (with a recent studio frame, viewers and the
// first products), shows starting soon (countdown, "Add to calendar" as a real .ics download) and
// recently ended ones — server-rendered, responsive images, and no livekit-client on the page.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { HomeResponse } from '../../shared/types/home'
import { launchChromium } from './support/browser'
import { ROOT, signIn, startStack, type Stack } from './support/stack'
import { createShow } from './support/shows'
import { goLive, hostContext, openStudio, openViewer } from './support/pages'
import { photo, uploadImage } from './support/catalog'
import { phoneContext } from './support/mobile'
import { eventually, fetchToken } from './support/rtc'
import { testAnalyticsDb, type TestAnalyticsDb } from './support/analytics-db'
import { createHostAccount, signInHost } from './support/hosts'

const LIVE = 'home-live'
const SOON = 'home-soon'
const ENDED = 'home-ended'
const UNDATED = 'home-undated'
const SOON_TITLE = 'Hats, scarves; gloves'

let stack: Stack
let browser: Browser
let cookie: string
let studio: Page
let guest: BrowserContext
let startsAt: Date

const home = async () => (await fetch(`${stack.app.url}/api/home`)).json() as Promise<HomeResponse>

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  browser = await launchChromium()
  cookie = await signIn(stack.app.url, stack.hostKey)
  const cover = await uploadImage(stack.app.url, cookie, await photo(1280, 720, 'jpeg', 30))
  const products: string[] = []
  for (const [index, price] of [1250, 990, 4500, 300].entries()) {
    const image = await uploadImage(stack.app.url, cookie, await photo(600, 600, 'png', index * 80))
    const response = await fetch(`${stack.app.url}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: `Thing ${index + 1}`, price, currency: 'EUR', images: [image.id], stock: 5 }),
    })
    products.push(((await response.json()) as { id: string }).id)
  }
  startsAt = new Date(Date.now() + 2 * 3_600_000)
  startsAt.setUTCSeconds(0, 0)
  await createShow(stack, { id: LIVE, title: 'Kitchen knives live', coverImage: cover.id, lineup: products }, { cookie })
  await createShow(stack, { id: SOON, title: SOON_TITLE, description: 'Winter, finally.', coverImage: cover.id, scheduledAt: startsAt.toISOString() }, { cookie })
  await createShow(stack, { id: ENDED, title: 'Last week\'s sale' }, { cookie })
  // A title with no place to break must still fit a phone.
  await createShow(stack, { id: 'home-long', title: 'Supercalifragilisticexpialidocious'.repeat(3), scheduledAt: new Date(Date.now() + 5 * 3_600_000).toISOString() }, { cookie })
  await createShow(stack, { id: UNDATED, title: 'Some day' }, { cookie })
  const ended = await fetch(`${stack.app.url}/api/shows/${ENDED}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ status: 'ended' }) })
  expect(ended.status).toBe(200)

  studio = await (await hostContext(browser, stack)).newPage()
  // What the studio uploads (DevTools does not report Blob bodies): recorded where it is sent.
  await studio.addInitScript(() => {
    const sent: { type: string, bytes: number }[] = []
    Object.assign(window, { sentFrames: sent })
    const original = window.fetch
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/snapshot') && init?.body instanceof Blob) {
        sent.push({ type: new Headers(init.headers).get('content-type') ?? '', bytes: init.body.size })
      }
      return original(input, init)
    }
  })
  await openStudio(studio, stack, LIVE)
  await goLive(studio)
  guest = await browser.newContext({ viewport: { width: 1280, height: 900 } })
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function openHome(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(stack.app.url)
  await page.locator('#live-title').waitFor()
  return page
}

describe('home page', () => {
  it('puts live, scheduled and ended shows in their sections, with host, products and prices', async () => {
    // The route is cached for 2 s: the studio going live shows up within that.
    await eventually(async () => ((await home()).live.some(show => show.id === LIVE) ? true : null), { timeoutMs: 15_000 })
    const page = await openHome(guest)
    const live = page.getByTestId('show-list').locator(`[data-testid="live-card"][data-show="${LIVE}"]`)
    // The page's copy may be a moment older than the route; it refreshes itself every 10 s.
    await live.waitFor({ timeout: 20_000 })
    expect(await live.textContent()).toContain('Kitchen knives live')
    expect(await live.textContent()).toContain('with Host')
    // The first three products of the lineup, in order, with formatted prices.
    const items = await live.locator('li').evaluateAll(list => list.map(li => [li.querySelector('span')!.textContent!.trim(), li.querySelector('strong')!.textContent!.trim()]))
    expect(items).toEqual([['Thing 1', '€12.50'], ['Thing 2', '€9.90'], ['Thing 3', '€45.00']])

    const soon = page.getByTestId('upcoming-list').locator(`[data-show="${SOON}"]`)
    expect(await soon.textContent()).toContain(SOON_TITLE)
    expect(await soon.getByTestId('upcoming-countdown').textContent()).toMatch(/^Starts in (1 h 5\d|2 h 00) min$/)
    expect(await page.getByTestId('ended-list').locator(`[data-show="${ENDED}"]`).textContent()).toContain('ended just now')
    // Not scheduled, not live, not ended: on none of the lists.
    expect(await page.locator(`[data-show="${UNDATED}"]`).count()).toBe(0)
    expect(await page.getByTestId('no-shows').count()).toBe(0)
    // A card is one link to the show.
    await live.getByRole('link', { name: 'Kitchen knives live' }).click()
    await page.waitForURL(`**/watch/${LIVE}`)
    await page.close()
  })

  it('offers a scheduled show as an .ics download with the start in UTC, escaped text and the watch URL', async () => {
    const page = await openHome(guest)
    const download = page.waitForEvent('download')
    await page.locator(`[data-show="${SOON}"]`).getByTestId('add-to-calendar').click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`${SOON}.ics`)
    const ics = readFileSync((await file.path())!, 'utf8')
    const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n')
    const value = (name: string) => lines.find(line => line.startsWith(`${name}:`))?.slice(name.length + 1)
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(value('DTSTART')).toBe(startsAt.toISOString().replace(/[-:]/g, '').replace('.000', ''))
    expect(value('SUMMARY')).toBe('Hats\\, scarves\\; gloves')
    expect(value('URL')).toBe(`${stack.app.url}/watch/${SOON}`)
    expect(value('UID')).toBe(`show-${SOON}@${new URL(stack.app.url).hostname}`)
    expect(value('DESCRIPTION')).toContain('Winter\\, finally.')
    await page.close()

    const response = await fetch(`${stack.app.url}/api/shows/${SOON}/calendar.ics`)
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    // Unknown → 404, live or undated → 409, a bad id → 400: JSON a person can act on.
    for (const [id, status, message] of [['no-such-show', 404, /No such show/], [LIVE, 409, /live now/], [UNDATED, 409, /no start time/], ['bad%20id', 400, /./]] as const) {
      const refused = await fetch(`${stack.app.url}/api/shows/${id}/calendar.ics`)
      expect(refused.status).toBe(status)
      expect((await refused.json() as { message: string }).message).toMatch(message)
    }
  })

  it('sizes images with srcset and explicit width/height, lazy below the fold, and loads no livekit-client', async () => {
    const version = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/livekit-client/package.json'), 'utf8')).version as string
    const page = await guest.newPage()
    const scripts: string[] = []
    // Every JavaScript file the page fetched, prefetches included (their resource type is not
    // 'script': the HTML used to prefetch livekit-client's 130 KB on every page).
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response.url())
    })
    await page.goto(stack.app.url, { waitUntil: 'networkidle' })
    await page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
    // Nothing holds the first paint: the HTML links no stylesheet to fetch first (its CSS is inline).
    expect(await (await fetch(stack.app.url)).text()).not.toMatch(/<link[^>]*rel="stylesheet"/)
    const images = await page.locator('[data-testid="upcoming-card"] img, [data-testid="live-card"] .home-card-media img').evaluateAll(list => list.map(img => ({
      srcset: img.getAttribute('srcset'), sizes: img.getAttribute('sizes'), width: img.getAttribute('width'), height: img.getAttribute('height'),
      loading: img.getAttribute('loading'), priority: img.getAttribute('fetchpriority'), card: img.closest('[data-testid]')!.getAttribute('data-testid'), natural: (img as HTMLImageElement).naturalWidth,
    })))
    // Only the first picture is fetched ahead of the rest.
    expect(images.filter(image => image.priority === 'high')).toHaveLength(1)
    expect(images[0]!.priority).toBe('high')
    expect(images.length).toBeGreaterThanOrEqual(2)
    for (const image of images) {
      expect(image.srcset).toMatch(/160\.webp 160w, .*480\.webp 480w, .*1080\.webp 1080w/)
      expect(image.sizes).toBeTruthy()
      expect([image.width, image.height]).toEqual(['480', '270'])
    }
    expect(images.find(image => image.card === 'live-card')!.loading).toBe('eager')
    expect(images.find(image => image.card === 'live-card')!.natural).toBeGreaterThan(0)
    expect(images.find(image => image.card === 'upcoming-card')!.loading).toBe('lazy')

    expect(scripts.length).toBeGreaterThan(0)
    for (const url of scripts) {
      const body = await (await fetch(url)).text()
      expect(body.includes(`"${version}"`), `${url} is livekit-client`).toBe(false)
    }
    await page.close()
  })

  it('serves session-less visitors a recent copy with a nonce of its own; hosts always get their own page', async () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${stack.app.url}/`)
      const html = await response.text()
      const inBody = [...new Set([...html.matchAll(/nonce="([^"]+)"/g)].map(match => match[1]))]
      expect(inBody).toHaveLength(1)
      expect(response.headers.get('content-security-policy')).toContain(`'nonce-${inBody[0]}'`)
      expect(html).toContain('data-testid="show-list"')
      nonces.add(inBody[0]!)
    }
    expect(nonces.size).toBe(4)
    // A copy runs under its CSP: the app hydrates, and no script was refused.
    const page = await guest.newPage()
    const refused: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    await page.goto(stack.app.url)
    await page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
    expect(refused).toEqual([])
    await page.close()
    const host = await (await hostContext(browser, stack)).newPage()
    await host.goto(stack.app.url)
    await host.getByTestId('host-links').waitFor()
    expect(await host.getByRole('link', { name: 'Your shows' }).getAttribute('href')).toBe('/shows')
    await host.context().close()
  })

  it('never keeps a page rendered for a session sent in h3\'s session header as the copy others get', async () => {
    // h3 reads a sealed session from `x-<name>-session` as well as from the cookie: such a request
    // renders as its user, so it must not be taken for a visitor without a session.
    const sealed = cookie.replace(/^[^=]+=/, '')
    // Past the copy's 2 s, the next session-less request renders the page that is kept.
    await new Promise(resolve => setTimeout(resolve, 2_100))
    const own = await (await fetch(`${stack.app.url}/`, { headers: { 'x-liveshop-session-session': sealed } })).text()
    expect(own).toContain('data-testid="host-links"')
    const anonymous = await (await fetch(`${stack.app.url}/`)).text()
    expect(anonymous).toContain('Hosts: sign in to go live')
    expect(anonymous).not.toContain('data-testid="host-links"')
    expect(anonymous).not.toContain('Sign out')
  })

  it('fits a 360 px phone: no sideways scroll, and its controls are big enough to tap', async () => {
    const phone = await phoneContext(browser, { width: 360, height: 740 })
    const page = await openHome(phone)
    await page.getByTestId('upcoming-list').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    // What appears after the first paint (the browser's install offer, the offline badge) moves
    // nothing: the header keeps its height and the page stays where it was.
    await page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
    const place = () => page.evaluate(() => [document.querySelector('.topbar')!.getBoundingClientRect().height, document.querySelector('main')!.getBoundingClientRect().top])
    const before = await place()
    await page.evaluate(() => window.dispatchEvent(Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: () => Promise.resolve(), userChoice: new Promise(() => {}) })))
    await page.getByTestId('pwa-install').waitFor()
    await phone.setOffline(true)
    await expect.poll(() => page.getByTestId('network-status').textContent()).toContain('Offline')
    expect(await place()).toEqual(before)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await phone.setOffline(false)
    for (const control of [page.getByTestId('add-to-calendar').first(), page.getByRole('link', { name: 'Kitchen knives live' })]) {
      const box = (await control.boundingBox())!
      expect(box.height).toBeGreaterThanOrEqual(44)
      expect(box.x + box.width).toBeLessThanOrEqual(360)
    }
    await phone.close()
  })

  it('shows a recent studio frame and the viewer count on the live card', async () => {
    const viewer = await openViewer(guest, stack, LIVE)
    // The studio sends its first frame a few seconds after going live.
    const withFrame = await eventually(async () => {
      const show = (await home()).live.find(item => item.id === LIVE)
      return show?.snapshotImage && show.viewers === 1 ? show : null
    }, { timeoutMs: 45_000, intervalMs: 1_000 })
    // The studio sent small JPEGs (≤ 50 KB), drawn from its own preview.
    const sentFrames = await studio.evaluate(() => (window as unknown as { sentFrames: { type: string, bytes: number }[] }).sentFrames)
    expect(sentFrames.length).toBeGreaterThan(0)
    for (const sent of sentFrames) {
      expect(sent.type).toBe('image/jpeg')
      expect(sent.bytes).toBeGreaterThan(1000)
      expect(sent.bytes).toBeLessThanOrEqual(50 * 1024)
    }
    const frame = await fetch(`${stack.app.url}/uploads/${withFrame.snapshotImage}/480.webp`)
    expect(frame.status).toBe(200)
    expect(frame.headers.get('content-type')).toBe('image/webp')

    const page = await openHome(guest)
    const card = page.locator(`[data-testid="live-card"][data-show="${LIVE}"]`)
    // The page (a copy up to a few seconds old) refreshes its data every 10 s.
    await expect.poll(() => card.locator('.home-card-media img').getAttribute('data-image'), { timeout: 20_000 }).toBe('snapshot')
    expect(await card.locator('.home-card-media img').getAttribute('src')).toMatch(/^\/uploads\/\w+\/480\.webp$/)
    await expect.poll(() => card.getByTestId('live-card-viewers').textContent(), { timeout: 20_000 }).toBe('1 watching')
    await page.close()
    await viewer.close()
  })

  it('takes a snapshot only from the show\'s host, as a small JPEG, and drops the one it replaces', async () => {
    // The studio would send its own frames every 30 s in between: this test is about the route.
    await studio.close()
    const url = `${stack.app.url}/api/shows/${LIVE}/snapshot`
    const jpeg = await photo(320, 180, 'jpeg', 120)
    const post = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body })
    expect((await post(new Uint8Array(jpeg), { 'content-type': 'image/jpeg' })).status).toBe(401)
    expect((await post(new Uint8Array(jpeg), { 'content-type': 'image/png', cookie })).status).toBe(415)
    expect((await post(new Uint8Array(70 * 1024), { 'content-type': 'image/jpeg', cookie })).status).toBe(413)
    const notAnImage = await post(new Uint8Array(Buffer.from('hello')), { 'content-type': 'image/jpeg', cookie })
    expect(notAnImage.status).toBe(415)
    expect(((await notAnImage.json()) as { message: string }).message).toMatch(/not an image/)
    const notLive = await fetch(`${stack.app.url}/api/shows/${SOON}/snapshot`, { method: 'POST', headers: { 'content-type': 'image/jpeg', cookie }, body: new Uint8Array(jpeg) })
    expect(notLive.status).toBe(409)

    const first = await post(new Uint8Array(jpeg), { 'content-type': 'image/jpeg', cookie })
    expect(first.status).toBe(201)
    const firstId = ((await first.json()) as { id: string }).id
    expect((await fetch(`${stack.app.url}/uploads/${firstId}/160.webp`)).status).toBe(200)
    const second = await post(new Uint8Array(jpeg), { 'content-type': 'image/jpeg', cookie })
    const secondId = ((await second.json()) as { id: string }).id
    expect((await fetch(`${stack.app.url}/uploads/${firstId}/160.webp`)).status).toBe(404)
    expect((await fetch(`${stack.app.url}/uploads/${secondId}/160.webp`)).status).toBe(200)
    // The show page reads the new frame at once (its cache is dropped on replace).
    expect(((await (await fetch(`${stack.app.url}/api/shows/${LIVE}`)).json()) as { snapshotImage: string }).snapshotImage).toBe(secondId)
  })
})

// The same sections from PostgreSQL (BIGINT times come back as strings there; the lineup query uses
// a window function), plus the snapshot route's ownership check with a second host account.
describe('home route on PostgreSQL', () => {
  let pg: Stack
  let store: TestAnalyticsDb

  beforeAll(async () => {
    store = testAnalyticsDb('postgres')
    pg = await startStack({ webhooks: false, env: store.env })
  })

  afterAll(async () => {
    await pg?.stop()
    await store?.cleanup()
  })

  it('lists live (with its first products), scheduled and ended shows; only the show\'s own host may send its frame', async () => {
    const host = await signIn(pg.app.url, pg.hostKey)
    const image = await uploadImage(pg.app.url, host, await photo(400, 400, 'jpeg'))
    const products: string[] = []
    for (const price of [100, 200, 300, 400]) {
      const response = await fetch(`${pg.app.url}/api/products`, { method: 'POST', headers: { 'content-type': 'application/json', 'cookie': host }, body: JSON.stringify({ title: `P${price}`, price, currency: 'JPY', images: [image.id] }) })
      products.push(((await response.json()) as { id: string }).id)
    }
    const soonAt = new Date(Date.now() + 86_400_000)
    soonAt.setUTCSeconds(0, 0)
    await createShow(pg, { id: 'pg-live', lineup: products.slice().reverse() }, { cookie: host })
    await createShow(pg, { id: 'pg-soon', scheduledAt: soonAt.toISOString() }, { cookie: host })
    await createShow(pg, { id: 'pg-ended' }, { cookie: host })
    await fetch(`${pg.app.url}/api/shows/pg-ended`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'cookie': host }, body: JSON.stringify({ status: 'ended' }) })
    // The host's studio token opens the show's room; going on air (POST …/live) makes it live.
    await fetchToken(pg.app.url, { room: 'pg-live', username: 'Host', admin: 'true' }, host)
    expect((await fetch(`${pg.app.url}/api/shows/pg-live/live`, { method: 'POST', headers: { cookie: host } })).status).toBe(200)
    // A studio opened early (the host checking the camera) leaves its show under "Starting soon".
    await fetchToken(pg.app.url, { room: 'pg-soon', username: 'Host', admin: 'true' }, host)

    const other = await createHostAccount(pg.app.url, { name: 'Other host', email: 'other@example.com', password: 'correct horse battery' }, { opsKey: pg.opsKey })
    expect(other).toBeTruthy()
    const otherCookie = await signInHost(pg.app.url, 'other@example.com', 'correct horse battery')
    const frame = new Uint8Array(await photo(320, 180, 'jpeg'))
    const send = (cookie: string) => fetch(`${pg.app.url}/api/shows/pg-live/snapshot`, { method: 'POST', headers: { 'content-type': 'image/jpeg', cookie }, body: frame })
    expect((await send(otherCookie)).status).toBe(403)
    const mine = await send(host)
    expect(mine.status).toBe(201)
    const frameId = ((await mine.json()) as { id: string }).id

    const sections = await eventually(async () => {
      const body = (await (await fetch(`${pg.app.url}/api/home`)).json()) as HomeResponse
      return body.live[0]?.snapshotImage === frameId ? body : null
    }, { timeoutMs: 15_000, intervalMs: 500 })
    expect(sections.live.map(show => show.id)).toEqual(['pg-live'])
    expect(sections.live[0]!.products.map(product => [product.title, product.price, product.currency])).toEqual([['P400', 400, 'JPY'], ['P300', 300, 'JPY'], ['P200', 200, 'JPY']])
    expect(sections.live[0]!.viewers).toBe(0)
    // Live, but nobody publishes in its room (the host dropped out): its card says "Starting soon".
    expect(sections.live[0]!.onAir).toBe(false)
    expect(typeof sections.live[0]!.startedAt).toBe('string')
    expect(sections.upcoming.map(show => [show.id, show.scheduledAt])).toEqual([['pg-soon', soonAt.toISOString()]])
    expect(sections.ended.map(show => show.id)).toEqual(['pg-ended'])
    expect(Date.parse(sections.ended[0]!.endedAt!)).toBeGreaterThan(Date.now() - 120_000)

    const ics = await (await fetch(`${pg.app.url}/api/shows/pg-soon/calendar.ics`)).text()
    expect(ics).toContain(`\r\nDTSTART:${soonAt.toISOString().replace(/[-:]/g, '').replace('.000', '')}\r\n`)
  })
})
