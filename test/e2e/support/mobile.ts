// Phone emulation and real touch input for the mobile e2e tests.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'

/** A phone-sized touch context (TESTING.md: 390×844, isMobile, hasTouch, DPR 3). */
export function phoneContext(browser: Browser, size = { width: 390, height: 844 }): Promise<BrowserContext> {
  return browser.newContext({ viewport: size, isMobile: true, hasTouch: true, deviceScaleFactor: 3 })
}

/**
 * A vertical finger swipe through CDP Input.dispatchTouchEvent: real touchstart/touchmove/touchend
 * events with the browser's own timing, not synthetic DOM events.
 */
export async function swipe(cdp: CDPSession, x: number, fromY: number, toY: number, steps = 10) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: fromY }] })
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: fromY + ((toY - fromY) * i) / steps }] })
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
}

/**
 * Records the constraints of every getUserMedia call (instrumentation: the real call still runs
 * and the fake camera still answers). Read them with recordedConstraints().
 */
export async function recordGetUserMedia(context: BrowserContext) {
  await context.addInitScript(() => {
    const devices = navigator.mediaDevices
    if (!devices) return
    const original = devices.getUserMedia.bind(devices)
    const calls: MediaStreamConstraints[] = []
    Object.defineProperty(window, '__getUserMediaCalls', { value: calls })
    devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
      calls.push(JSON.parse(JSON.stringify(constraints ?? {})))
      return original(constraints)
    }
  })
}

export function recordedConstraints(page: Page): Promise<MediaStreamConstraints[]> {
  return page.evaluate(() => (window as unknown as { __getUserMediaCalls?: MediaStreamConstraints[] }).__getUserMediaCalls ?? [])
}

/** Counts LiveKit signalling connections (/rtc WebSockets) a page opens. */
export function countSignalConnections(page: Page) {
  let count = 0
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).pathname.startsWith('/rtc')) count++
  })
  return () => count
}
