// Browser-side helpers for the streaming pages: a signed-in host context, the studio, viewer pages,
// and what a user would notice — decoded frames, their size, the viewer count text.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { eventually } from './rtc'
import { signIn, type Stack } from './stack'
import { createShow } from './shows'

/** A browser context whose cookie jar holds a host session. */
export async function hostContext(browser: Browser, stack: Stack): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await addHostSession(context, stack)
  return context
}

export async function addHostSession(context: BrowserContext, stack: Stack) {
  const cookie = await signIn(stack.app.url, stack.hostKey)
  const [name, ...value] = cookie.split('=')
  await context.addCookies([{ name: name!, value: value.join('='), url: stack.app.url }])
}

/** Opens the studio (creating the show first when it does not exist yet) and waits for the camera preview to play. */
export async function openStudio(page: Page, stack: Stack, room: string) {
  await createShow(stack, { id: room }, { allowExisting: true })
  await page.goto(`${stack.app.url}/broadcast/${room}`)
  await page.waitForFunction(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="host-preview"]')
    return !!video && video.videoWidth > 0
  }, undefined, { timeout: 30_000 })
}

export async function goLive(page: Page) {
  await page.getByTestId('go-live').click()
  await page.locator('[data-phase="live"]').waitFor({ timeout: 30_000 })
}

export async function openViewer(context: BrowserContext, stack: Stack, room: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${stack.app.url}/watch/${room}`)
  return page
}

export interface VideoState {
  width: number
  height: number
  frames: number
  time: number
  source: string | null
}

export async function videoState(page: Page, testId = 'player-video'): Promise<VideoState> {
  return page.evaluate((id) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-testid="${id}"]`)
    if (!video) return { width: 0, height: 0, frames: 0, time: 0, source: null }
    return {
      width: video.videoWidth,
      height: video.videoHeight,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      time: video.currentTime,
      source: video.dataset.source ?? null,
    }
  }, testId)
}

/** Waits until the player decodes frames: a size, and the frame counter moving on. */
export async function waitForPlayback(page: Page, timeoutMs = 30_000): Promise<VideoState> {
  const first = await eventually(async () => {
    const state = await videoState(page)
    return state.width > 0 && state.frames > 0 ? state : null
  }, { timeoutMs })
  return eventually(async () => {
    const state = await videoState(page)
    return state.frames > first.frames + 5 && state.time > first.time ? state : null
  }, { timeoutMs })
}

/** The number shown in the page's viewer count badge. */
export async function shownViewerCount(page: Page): Promise<number> {
  const value = await page.getByTestId('viewer-count').first().getAttribute('data-count')
  return Number(value)
}

export async function waitForViewerCount(page: Page, expected: number, timeoutMs = 7_000) {
  await eventually(async () => (await shownViewerCount(page)) === expected, { timeoutMs, intervalMs: 100 })
}

/**
 * Reads page state without granting a user gesture. Playwright's own evaluate() runs with
 * userGesture=true, which gives the page sticky activation and lets sound autoplay — useless for
 * proving the "Tap to unmute" path. CDP Runtime.evaluate with userGesture=false does not.
 */
export async function gestureFreeReader(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  return async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false })
    if (exceptionDetails) throw new Error(exceptionDetails.text)
    return result.value as T
  }
}

/**
 * Waits until Nuxt has hydrated the page (its app's `isHydrating` is false): until then buttons do
 * nothing, and text typed into a field survives hydration only where the field keeps it
 * (utils/keep-early-input.ts).
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const root = document.querySelector('#__nuxt') as (Element & { __vue_app__?: { config: { globalProperties: { $nuxt?: { isHydrating?: boolean } } } } }) | null
    return root?.__vue_app__?.config.globalProperties.$nuxt?.isHydrating === false
  })
}

/**
 * Holds the app's scripts (and only them: styles still load, so the server-rendered page paints and
 * takes input) until release() is called, as a slow phone does: what the visitor types meanwhile
 * lands in inputs that Vue has not hydrated yet.
 */
export async function holdAppScripts(page: Page): Promise<{ release: () => Promise<void>, held: () => number }> {
  const held: Route[] = []
  let released = false
  await page.route('**/_nuxt/**', async (route) => {
    if (released || route.request().resourceType() !== 'script') return route.continue()
    held.push(route)
  })
  return {
    held: () => held.length,
    release: async () => {
      released = true
      await Promise.all(held.splice(0).map(route => route.continue()))
    },
  }
}

/** Whether Vue has mounted or hydrated the page yet. */
export function isHydrated(page: Page): Promise<boolean> {
  return page.evaluate(() => !!(document.querySelector('#__nuxt') as (Element & { __vue_app__?: unknown }) | null)?.__vue_app__)
}
