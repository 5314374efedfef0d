import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { signIn, startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { fetchToken } from './support/rtc'
import { addHostSession, goLive, hostContext, openStudio, openViewer, waitForPlayback } from './support/pages'
import { startLiveKit } from '../../scripts/livekit-server.mjs'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'

// Each failure a person can hit shows a friendly message (never a stack trace) and Retry works
// once the cause is gone.
let stack: Stack
let browser: Browser
const stops: (() => Promise<void>)[] = []

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  await createShows(stack, ['denied-show', 'outage-show'])
  browser = await launchChromium()
})

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {})
  await browser?.close()
  await stack?.stop()
})

async function boundary(page: Page, kind: string) {
  const alert = page.locator(`[data-testid="error-boundary"][data-error-kind="${kind}"]`)
  await alert.waitFor({ timeout: 30_000 })
  const text = await alert.textContent() ?? ''
  expect(text).not.toMatch(/at \S+ \(|Error:|\.mjs|\.js:\d/) // no stack trace, no raw error
  return text
}

describe('LiveKitErrorBoundary', () => {
  it('host session gone → the refused token says "sign in again"; Retry after signing in goes live', async () => {
    const context = await hostContext(browser, stack)
    const page = await context.newPage()
    await openStudio(page, stack, 'refused-show')
    await context.clearCookies() // the session ends (expired, signed out in another tab)

    await page.getByTestId('go-live').click()
    const text = await boundary(page, 'sign-in-required')
    expect(text).toContain('Please sign in again')
    expect(text).toMatch(/sign in/i)
    expect(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toContain('/login?redirect=')

    await addHostSession(context, stack)
    await page.getByRole('button', { name: 'Retry' }).click()
    await page.getByTestId('host-preview').waitFor()
    await page.waitForFunction(() => document.querySelector<HTMLVideoElement>('[data-testid="host-preview"]')!.videoWidth > 0)
    await goLive(page)
    await context.close()
  })

  it('camera permission denied → explains how to allow it; Retry after allowing shows the preview', async () => {
    // Without the fake "allow" prompt, so the site's permission setting is what the browser obeys.
    const strict = await launchChromium({ fakeUi: false })
    stops.push(() => strict.close())
    const context: BrowserContext = await hostContext(strict, stack)
    const page = await context.newPage()
    const origin = new URL(stack.app.url).origin
    const cdp = await strict.newBrowserCDPSession()
    const { browserContextIds } = await cdp.send('Target.getBrowserContexts')
    const setting = async (value: 'denied' | 'granted') => {
      for (const browserContextId of browserContextIds) {
        for (const name of ['camera', 'microphone']) {
          await cdp.send('Browser.setPermission', { permission: { name }, setting: value, origin, browserContextId })
        }
      }
    }
    await setting('denied')
    await page.goto(`${stack.app.url}/broadcast/denied-show`)
    const text = await boundary(page, 'permission-denied')
    expect(text).toContain('Camera or microphone blocked')
    expect(text).toContain('Allow it for this site')

    await setting('granted')
    await page.getByRole('button', { name: 'Retry' }).click()
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="host-preview"]')?.videoWidth ?? 0) > 0, undefined, { timeout: 30_000 })
    expect(await page.getByTestId('error-boundary').count()).toBe(0)
    await context.close()
  })

  it('LiveKit down → "Live video service unreachable"; Retry once it is back plays the show', async () => {
    const { port, tcpPort, udpPort, apiKey, apiSecret } = stack.livekit
    await stack.livekit.stop()

    const viewers = await browser.newContext()
    const page = await openViewer(viewers, stack, 'outage-show')
    const text = await boundary(page, 'livekit-unreachable')
    expect(text).toContain('Live video service unreachable')
    expect(text).toContain('press Retry')

    // The same server comes back on the same ports, and a host goes live.
    const livekit = await startLiveKit({ port, tcpPort, udpPort, apiKey, apiSecret })
    stops.push(livekit.stop)
    const cookie = await signIn(stack.app.url, stack.hostKey)
    const token = await fetchToken(stack.app.url, { room: 'outage-show', username: 'Demo host', admin: 'true' }, cookie)
    const publisher = await startDemoPublisher({ url: token.url, token: token.token })
    stops.push(publisher.stop)

    await page.getByRole('button', { name: 'Retry' }).click()
    await waitForPlayback(page)
    expect(await page.getByTestId('error-boundary').count()).toBe(0)
  })
})
