import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { startStack, type Stack } from './support/stack'
import { goLive, hostContext, openStudio, openViewer, waitForPlayback, waitForViewerCount } from './support/pages'

// The mission: a host goes live with the (fake) camera, viewers watch through the real SFU,
// and everyone sees the right audience size.
let stack: Stack
let browser: Browser
let host: BrowserContext
let viewers: BrowserContext
let studio: Page

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  browser = await launchChromium()
  host = await hostContext(browser, stack)
  viewers = await browser.newContext({ viewport: { width: 1024, height: 700 } })
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

describe('broadcast and watch on desktop', () => {
  it('a host goes live and a viewer plays the video', async () => {
    studio = await host.newPage()
    await openStudio(studio, stack, 'spring-sale')
    await goLive(studio)
    await waitForViewerCount(studio, 0)

    const first = await openViewer(viewers, stack, 'spring-sale')
    const playing = await waitForPlayback(first)
    expect(playing.width).toBeGreaterThan(0)
    expect(await first.locator('[data-state="live"]').count()).toBe(1)
    await first.close()
  })

  it('counts viewers 0 → 1 → 2 → 1 on the host page and on the viewer pages', async () => {
    await waitForViewerCount(studio, 0, 10_000) // the closed viewer above has left

    const a = await openViewer(viewers, stack, 'spring-sale')
    await waitForPlayback(a)
    await waitForViewerCount(studio, 1)
    await waitForViewerCount(a, 1)

    const b = await openViewer(viewers, stack, 'spring-sale')
    await waitForPlayback(b)
    await waitForViewerCount(studio, 2)
    await waitForViewerCount(a, 2)
    await waitForViewerCount(b, 2)

    await b.close()
    await waitForViewerCount(studio, 1)
    await waitForViewerCount(a, 1)
    await a.close()
  })

  it('ends the show: the viewer is told, and the studio can go live again', async () => {
    const viewer = await openViewer(viewers, stack, 'spring-sale')
    await waitForPlayback(viewer)
    await studio.getByTestId('end-show').click()
    await viewer.locator('[data-state="ended"]').waitFor({ timeout: 15_000 })
    expect(await viewer.getByTestId('player-status').textContent()).toContain('The show has ended')

    await goLive(studio)
    await viewer.locator('[data-state="live"]').waitFor({ timeout: 15_000 })
    await waitForPlayback(viewer)
  })
})
