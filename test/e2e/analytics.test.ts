// The real local LiveKit sends its real webhooks to the built app while a host and three viewers
// (rtc-node, tokens from the app's token route) join and leave a show. The analytics API must then
// report the exact peak, unique viewers and timeline — on SQLite and on PostgreSQL — and the
// /analytics page must show the room while it is live and its history after it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { Browser, Page } from 'playwright-core'
import type { Room } from '@livekit/rtc-node'
import type { LiveRoomsResponse, ShowHistory, ShowsResponse } from '../../shared/types/analytics'
import { signIn, startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { eventually, fetchToken, joinRoom, publishTestVideo, withTimeout } from './support/rtc'
import { launchChromium } from './support/browser'
import { goLive, hostContext, openStudio } from './support/pages'
import { testAnalyticsDb, type Backend, type TestAnalyticsDb } from './support/analytics-db'

const ROOM = 'analytics-show'
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe.each<Backend>(['sqlite', 'postgres'])('analytics from real LiveKit webhooks (%s)', (backend) => {
  const withBrowser = backend === 'sqlite' // the page is the same on both stores: one browser run
  let stack: Stack
  let db: TestAnalyticsDb
  let cookie: string
  let browser: Browser | undefined
  const rooms: Room[] = []

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${stack.app.url}${path}`, { headers: { cookie } })
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
    return await response.json() as T
  }

  beforeAll(async () => {
    db = testAnalyticsDb(backend)
    stack = await startStack({ env: db.env })
    await createShows(stack, [ROOM])
    cookie = await signIn(stack.app.url, stack.opsKey)
    if (withBrowser) browser = await launchChromium()
  })

  afterAll(async () => {
    const app = stack?.app.process
    if (app && (app.exitCode !== null || app.signalCode !== null)) {
      console.error(`the app exited (${app.exitCode ?? app.signalCode}) during the test:\n${stack.app.output()}`)
    }
    await Promise.allSettled(rooms.map(room => room.disconnect()))
    await browser?.close()
    await stack?.stop()
    await db?.cleanup()
  })

  it('counts a host and three viewers exactly, live and after the show', async () => {
    // The host: on SQLite the real studio in Chromium (fake camera), whose Stats tab is
    // LiveKitAnalytics; on PostgreSQL a node participant (rtc-node) publishing a test track.
    let studio: Page | undefined
    let host: Room | undefined
    if (browser) {
      studio = await (await hostContext(browser, stack)).newPage()
      await openStudio(studio, stack, ROOM)
      await goLive(studio)
    }
    else {
      const hostCookie = await signIn(stack.app.url, stack.hostKey)
      host = await joinRoom(await fetchToken(stack.app.url, { room: ROOM, username: 'Host', admin: 'true' }, hostCookie))
      rooms.push(host)
      await withTimeout(publishTestVideo(host), 20_000, 'host publish')
    }

    const viewers: Room[] = []
    for (const name of ['ana', 'ben', 'cy']) {
      const viewer = await joinRoom(await fetchToken(stack.app.url, { room: ROOM, username: name }))
      viewers.push(viewer)
      rooms.push(viewer)
      await pause(1_200) // distinct join instants
    }

    // Live: LiveKit's counts (viewers now) and the webhook-derived figures (peak, joins).
    const live = await eventually(async () => {
      const { rooms: list } = await api<LiveRoomsResponse>(`/api/analytics/live`)
      const room = list.find(r => r.room === ROOM)
      return room && room.viewers === 3 && room.peakViewers === 3 && room.joins === 3 ? room : null
    }, { timeoutMs: 30_000, intervalMs: 500 })
    expect(live).toMatchObject({ publishers: 1, leaves: 0, isRecording: false })
    expect(live.uptimeSeconds).toBeGreaterThan(0)

    if (studio) {
      // The studio's Stats tab: real WebRTC figures from the host's own Room, every second.
      await studio.locator('#tab-stats').click()
      const stats = studio.getByRole('tabpanel')
      await expect.poll(async () => (await stats.getByTestId('upload').textContent())?.trim(), { timeout: 20_000 }).toMatch(/^[1-9]\d*(\.\d)? kbps$/)
      await expect.poll(async () => (await stats.getByTestId('viewers-now').textContent())?.trim(), { timeout: 20_000 }).toBe('3')
      expect((await stats.getByTestId('viewers-peak').textContent())?.trim()).toBe('3')
      expect(await stats.locator('[data-testid="quality"] li').first().textContent()).toMatch(/\(you\):.*sending \d+×\d+/)
    }

    if (browser) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
      const [name, ...value] = cookie.split('=')
      await context.addCookies([{ name: name!, value: value.join('='), url: stack.app.url }])
      const page = await context.newPage()
      await page.goto(`${stack.app.url}/analytics`)
      const row = page.locator(`[data-testid="live-rooms"] tr[data-room="${ROOM}"]`)
      await row.waitFor({ timeout: 20_000 })
      await expect.poll(() => row.getByTestId('viewers').textContent(), { timeout: 20_000 }).toMatch(/^\s*3\s*$/)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      // The drill-down of the live show: LiveKitAnalytics with the show's live figures.
      await row.getByRole('link', { name: ROOM }).tap()
      const now = page.getByTestId('live-now')
      await expect.poll(async () => (await now.getByTestId('viewers-now').textContent())?.trim(), { timeout: 20_000 }).toBe('3')
      expect((await now.getByTestId('viewers-peak').textContent())?.trim()).toBe('3')
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      await context.close()
    }

    // The viewers leave one by one, then the host; deleting the room ends the show now rather
    // than after LiveKit's empty timeout.
    for (const viewer of viewers) {
      await viewer.disconnect()
      await pause(1_200)
    }
    await host?.disconnect()
    await studio?.context().close()
    const service = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
    await service.deleteRoom(ROOM).catch(() => {}) // already gone is fine

    const { shows } = await eventually(async () => {
      const list = await api<ShowsResponse>('/api/analytics/shows?days=1')
      return list.shows.some(s => s.room === ROOM && s.endedAt) ? list : null
    }, { timeoutMs: 30_000, intervalMs: 500 })
    const show = shows.find(s => s.room === ROOM)!
    expect(show).toMatchObject({ peakViewers: 3, uniqueViewers: 3, recordings: 0 })

    const history = await eventually(async () => {
      const answer = await api<ShowHistory>(`/api/analytics/shows/${show.sid}`)
      return answer.leaves === 3 ? answer : null
    }, { timeoutMs: 20_000, intervalMs: 500 })
    expect(history).toMatchObject({ peakViewers: 3, uniqueViewers: 3, joins: 3, leaves: 3 })
    // The host is not a viewer: the line climbs 1, 2, 3 and falls 2, 1, 0.
    expect(history.timeline.map(([, viewers]) => viewers)).toEqual([0, 1, 2, 3, 2, 1, 0])
    const times = history.timeline.map(([t]) => t)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(history.averageWatchSeconds).toBeGreaterThan(2)
    // The host connected once and kept video published until leaving: no gaps.
    expect(history.health).toMatchObject({ publisherSessions: 1, videoGaps: [] })
    expect(history.health.videoOnAirPct).toBe(100)
    expect(await db.count()).toBeGreaterThanOrEqual(10) // room_started/finished, 4 joins, 4 leaves, tracks

    if (browser) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
      const [name, ...value] = cookie.split('=')
      await context.addCookies([{ name: name!, value: value.join('='), url: stack.app.url }])
      const page = await context.newPage()
      await page.goto(`${stack.app.url}/analytics`)
      await page.getByTestId('no-live-rooms').waitFor({ timeout: 20_000 })
      const row = page.locator(`[data-testid="shows"] tr[data-sid="${show.sid}"]`)
      expect(await row.getByTestId('peak').textContent()).toMatch(/^\s*3\s*$/)
      expect(await row.getByTestId('unique').textContent()).toMatch(/^\s*3\s*$/)
      await row.getByRole('link', { name: ROOM }).tap()
      await page.waitForURL(`**/analytics/${show.sid}`)
      expect(await page.getByTestId('peak').textContent()).toMatch(/^\s*3\s*$/)
      expect((await page.getByTestId('on-air').textContent())?.trim()).toBe('100 %')
      // Phone: every control on the drill-down is at least 44 × 44 px.
      const small = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('a[href], button, select, input')]
        .filter(el => el.getBoundingClientRect().width > 0 && !el.closest('.visually-hidden'))
        .map(el => ({ name: el.textContent?.trim() || el.tagName, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 43.5 || box.height < 43.5)
        .map(({ name, box }) => `${name}: ${Math.round(box.width)}×${Math.round(box.height)}`))
      expect(small).toEqual([])
      // uPlot drew the viewers chart (a canvas with pixels), loaded only on this page.
      await page.waitForFunction(() => ((document.querySelector('.chart-canvas canvas') as HTMLCanvasElement | null)?.width ?? 0) > 0, undefined, { timeout: 15_000 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      await context.close()
    }
  })
})
