import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { RoomServiceClient } from 'livekit-server-sdk'
import { launchChromium } from './support/browser'
import { signIn, startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { eventually, fetchToken } from './support/rtc'
import { addHostSession, openStudio, videoState, waitForPlayback, waitForViewerCount } from './support/pages'
import { countSignalConnections, phoneContext, recordGetUserMedia, recordedConstraints, swipe } from './support/mobile'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'

// Phones: a host goes live from the mobile studio, a phone viewer watches, taps, swipes between
// two live shows; the same pages switch to the desktop layout on resize without reconnecting.
let stack: Stack
let browser: Browser
let hostPhone: BrowserContext
let viewerPhone: BrowserContext
let studio: Page
let viewer: Page
let viewerCpu: CDPSession
let publisher: Awaited<ReturnType<typeof startDemoPublisher>> | undefined
let rooms: RoomServiceClient

const SHOW = 'phone-show'
const OTHER = 'pattern-show'

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  await createShows(stack, [SHOW, OTHER])
  rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
  browser = await launchChromium()
  hostPhone = await phoneContext(browser)
  await addHostSession(hostPhone, stack)
  await recordGetUserMedia(hostPhone)
  viewerPhone = await phoneContext(browser)
})

afterAll(async () => {
  await publisher?.stop()
  await browser?.close()
  await stack?.stop()
})

/** Server-side view of a room's participants (hidden viewers included): sid by identity. */
async function participantSids(room: string) {
  const list = await rooms.listParticipants(room)
  return Object.fromEntries(list.map(p => [p.identity, p.sid]))
}

/** The sid of the room's publisher (the host) as the server knows it. */
async function hostSid(room: string) {
  const list = await rooms.listParticipants(room)
  const hosts = list.filter(p => p.tracks.length > 0)
  expect(hosts).toHaveLength(1)
  return hosts[0]!.sid
}

type ShiftWindow = { __layoutShift: number }
/** Sums the layout shifts a page makes on its own (no recent input): what Lighthouse's CLS counts. */
function recordLayoutShifts() {
  (window as unknown as ShiftWindow).__layoutShift = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { value: number, hadRecentInput: boolean }[]) {
      if (!entry.hadRecentInput) (window as unknown as ShiftWindow).__layoutShift += entry.value
    }
  }).observe({ type: 'layout-shift', buffered: true })
}

const controlsState = (page: Page) => page.locator('[data-controls]').first().getAttribute('data-controls')

/** Brings auto-hidden controls back with a tap on the picture (a tap on shown ones would hide them). */
async function showControls(page: Page, stage: string) {
  if ((await controlsState(page)) === 'hidden') await page.getByTestId(stage).tap({ position: { x: 195, y: 300 } })
  await eventually(async () => (await controlsState(page)) === 'shown')
}

describe('mobile studio and player', () => {
  it('the mobile studio goes live with the camera and a phone viewer plays it', async () => {
    studio = await hostPhone.newPage()
    await openStudio(studio, stack, SHOW)
    expect(await studio.getByTestId('mobile-broadcaster').count()).toBe(1)
    expect(await studio.locator('.lk-studio').count()).toBe(0)
    // Headless Chromium has getDisplayMedia, so the share button is offered (disabled until live).
    expect(await studio.getByTestId('toggle-screen').isDisabled()).toBe(true)
    await studio.getByTestId('go-live').tap()
    await studio.locator('[data-phase="live"]').waitFor({ timeout: 30_000 })
    await studio.getByTestId('duration').waitFor()

    viewer = await viewerPhone.newPage()
    await viewer.addInitScript(recordLayoutShifts)
    // A slower phone paints the server's HTML before the app runs, as real ones do: what changes at
    // hydration then shows as a layout shift (back to full speed after that check, below).
    viewerCpu = await viewerPhone.newCDPSession(viewer)
    await viewerCpu.send('Emulation.setCPUThrottlingRate', { rate: 3 })
    await viewer.goto(`${stack.app.url}/watch/${SHOW}`)
    await viewer.getByTestId('mobile-player').waitFor()
    const playing = await waitForPlayback(viewer)
    expect(playing.width).toBeGreaterThan(0)
    expect(await viewer.locator('video[playsinline]').count()).toBe(1)
    await waitForViewerCount(studio, 1, 15_000)
    await studio.screenshot({ path: 'test-results/mobile/studio-live-390.png' })
  })

  it('the flip button asks the camera for the other facingMode', async () => {
    const before = (await recordedConstraints(studio)).length
    await showControls(studio, 'studio-stage')
    await studio.getByTestId('flip-camera').tap()
    const calls = await eventually(async () => {
      const all = await recordedConstraints(studio)
      return all.length > before ? all.slice(before) : null
    })
    expect(calls.map(call => (call.video as MediaTrackConstraints | undefined)?.facingMode)).toContain('environment')
    await eventually(async () => (await studio.getByTestId('host-preview').getAttribute('data-facing')) === 'environment')
    // The same published track restarted: the viewer keeps decoding frames.
    await waitForPlayback(viewer)

    await showControls(studio, 'studio-stage')
    await studio.getByTestId('flip-camera').tap()
    await eventually(async () => (await studio.getByTestId('host-preview').getAttribute('data-facing')) === 'user')
    const last = (await recordedConstraints(studio)).at(-1)
    expect((last?.video as MediaTrackConstraints).facingMode).toBe('user')
  })

  it('player controls hide after a while, come back on a tap and hide again', async () => {
    await eventually(async () => (await controlsState(viewer)) === 'hidden', { timeoutMs: 20_000 })
    await viewer.getByTestId('mute-toggle').waitFor({ state: 'hidden', timeout: 5_000 }) // after the fade-out
    await viewer.screenshot({ path: 'test-results/mobile/player-controls-hidden-390.png' })
    // Loading, the player going edge to edge and the controls hiding (the chat follows them down)
    // moved nothing under the viewer's eyes: the header is out from the server's HTML on, and the
    // chat slides by transform.
    expect(await viewer.evaluate(() => (window as unknown as ShiftWindow).__layoutShift)).toBeLessThan(0.005)
    await viewerCpu.send('Emulation.setCPUThrottlingRate', { rate: 1 })

    await viewer.touchscreen.tap(195, 420)
    await eventually(async () => (await controlsState(viewer)) === 'shown')
    await viewer.getByTestId('mute-toggle').waitFor({ state: 'visible', timeout: 5_000 }) // after the fade-in
    await viewer.screenshot({ path: 'test-results/mobile/player-controls-shown-390.png' })
    // Using a control keeps them; its effect is real (the audio element is muted).
    await viewer.getByTestId('mute-toggle').tap()
    expect(await viewer.getByTestId('player-audio').evaluate(el => (el as HTMLAudioElement).muted)).toBe(true)
    await viewer.getByTestId('mute-toggle').tap()

    await eventually(async () => (await controlsState(viewer)) === 'hidden', { timeoutMs: 20_000 })
    await viewer.getByTestId('mute-toggle').waitFor({ state: 'hidden', timeout: 5_000 })
  })

  it('swiping up and down moves between the two live shows', async () => {
    const hostCookie = await signIn(stack.app.url, stack.hostKey)
    const token = await fetchToken(stack.app.url, { room: OTHER, username: 'Pattern host', admin: 'true' }, hostCookie)
    publisher = await startDemoPublisher({ url: token.url, token: token.token })
    // Both shows are in the live list before swiping.
    await eventually(async () => {
      const { shows } = await (await fetch(`${stack.app.url}/api/livekit/rooms`)).json() as { shows: { room: string }[] }
      return shows.length === 2
    }, { timeoutMs: 15_000 })

    const cdp = await viewerPhone.newCDPSession(viewer)
    await swipe(cdp, 195, 650, 250)
    await viewer.waitForURL(`**/watch/${OTHER}`, { timeout: 15_000 })
    await viewer.getByTestId('mobile-player').waitFor()
    await waitForPlayback(viewer)
    await waitForViewerCount(studio, 0, 15_000) // the phone host sees its viewer leave for the other show

    await swipe(cdp, 195, 250, 650)
    await viewer.waitForURL(`**/watch/${SHOW}`, { timeout: 15_000 })
    await waitForPlayback(viewer)
    await waitForViewerCount(studio, 1, 15_000)
  })
})

describe('layout follows the window, the connection stays', () => {
  it('at 1280×800 the watch page renders the desktop player', async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await desktop.newPage()
    await page.goto(`${stack.app.url}/watch/${SHOW}`)
    await waitForPlayback(page)
    expect(await page.locator('.lk-player').count()).toBe(1)
    expect(await page.getByTestId('mobile-player').count()).toBe(0)
    await desktop.close()
  })

  it('resizing switches the player\'s layout without a second connection', async () => {
    const page = await viewerPhone.newPage()
    const connections = countSignalConnections(page)
    await page.goto(`${stack.app.url}/watch/${SHOW}`)
    await page.getByTestId('mobile-player').waitFor()
    await waitForPlayback(page)
    await waitForViewerCount(studio, 2, 15_000)
    const before = await participantSids(SHOW)
    expect(connections()).toBe(1)

    await page.setViewportSize({ width: 1280, height: 800 })
    await page.locator('.lk-player').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('mobile-player').count()).toBe(0)
    await waitForPlayback(page)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('mobile-player').waitFor({ timeout: 10_000 })
    await waitForPlayback(page)

    expect(connections()).toBe(1)
    expect(await participantSids(SHOW)).toEqual(before)
    await page.close()
  })

  it('resizing the live studio switches its layout and the show stays on air', async () => {
    const connections = countSignalConnections(studio)
    const before = await hostSid(SHOW)
    await studio.setViewportSize({ width: 1280, height: 800 })
    await studio.locator('.lk-studio[data-phase="live"]').waitFor({ timeout: 10_000 })
    expect(await studio.getByTestId('mobile-broadcaster').count()).toBe(0)
    await eventually(async () => (await videoState(studio, 'host-preview')).width > 0)
    await waitForPlayback(viewer)
    await studio.screenshot({ path: 'test-results/mobile/studio-switched-1280.png' })

    await studio.setViewportSize({ width: 390, height: 844 })
    await studio.locator('[data-testid="mobile-broadcaster"][data-phase="live"]').waitFor({ timeout: 10_000 })
    await waitForPlayback(viewer)
    expect(connections()).toBe(0)
    expect(await hostSid(SHOW)).toBe(before)
  })
})
