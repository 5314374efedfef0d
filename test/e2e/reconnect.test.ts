import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { startStack, type Stack } from './support/stack'
import { eventually } from './support/rtc'
import { goLive, hostContext, openStudio, openViewer, waitForPlayback } from './support/pages'
import { startLiveKit } from '../../scripts/livekit-server.mjs'

// LiveKit restarts during a show (deploy, crash): host and viewer recover on their own, without a
// page reload. The time it took is printed, not asserted.
let stack: Stack
let browser: Browser
let restarted: Awaited<ReturnType<typeof startLiveKit>> | null = null

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await restarted?.stop()
  await stack?.stop()
})

async function playerState(page: Page) {
  return page.locator('.lk-player').getAttribute('data-state')
}

describe('reconnect', () => {
  it('shows "Reconnecting", then plays again after livekit-server restarts on the same ports', async () => {
    const studio = await (await hostContext(browser, stack)).newPage()
    await openStudio(studio, stack, 'restart-show')
    await goLive(studio)
    const viewer = await openViewer(await browser.newContext(), stack, 'restart-show')
    await waitForPlayback(viewer)
    await viewer.evaluate(() => {
      // Remember what the page went through (the state may flip faster than a poll).
      const seen = new Set<string>()
      ;(window as unknown as { seenStates: Set<string> }).seenStates = seen
      const player = document.querySelector('.lk-player')!
      new MutationObserver(() => seen.add(player.getAttribute('data-state') ?? '')).observe(player, { attributes: true })
    })
    const navigations: string[] = []
    viewer.on('framenavigated', frame => navigations.push(frame.url()))

    const { port, tcpPort, udpPort, apiKey, apiSecret } = stack.livekit
    const started = Date.now()
    await stack.livekit.stop()
    await eventually(async () => (await playerState(viewer)) === 'reconnecting', { timeoutMs: 20_000, intervalMs: 50 })
    expect(await viewer.getByTestId('player-status').textContent()).toContain('Reconnecting')

    restarted = await startLiveKit({ port, tcpPort, udpPort, apiKey, apiSecret })
    await eventually(async () => (await playerState(viewer)) === 'live', { timeoutMs: 60_000 })
    const after = await waitForPlayback(viewer, 60_000) // frames of the new subscription advance
    console.log(`[bench-note] viewer playing again ${((Date.now() - started) / 1000).toFixed(1)} s after livekit-server was stopped (restart included)`)
    expect(after.width).toBeGreaterThan(0)
    expect(navigations).toEqual([]) // no reload
    expect(await viewer.evaluate(() => [...(window as unknown as { seenStates: Set<string> }).seenStates])).toContain('reconnecting')
    // The host's studio recovered too.
    await studio.locator('[data-phase="live"]').waitFor()
  })

  it('explains a lost network to viewer and host instead of a generic error, and plays on when it is back', async () => {
    const hostCtx = await hostContext(browser, stack)
    const studio = await hostCtx.newPage()
    await openStudio(studio, stack, 'offline-show')
    await goLive(studio)
    const viewerCtx = await browser.newContext()
    const viewer = await openViewer(viewerCtx, stack, 'offline-show')
    await waitForPlayback(viewer)
    expect(await viewer.getByTestId('offline-notice').count()).toBe(0)

    await viewerCtx.setOffline(true)
    await hostCtx.setOffline(true)
    await expect.poll(() => viewer.getByTestId('offline-notice').textContent(), { timeout: 10_000 }).toMatch(/You are offline.*reconnects by itself/s)
    await expect.poll(() => studio.getByTestId('offline-notice').textContent(), { timeout: 10_000 }).toMatch(/viewers cannot see or hear you/)
    expect(await viewer.locator('[role="alert"]').allTextContents()).not.toContain('Something went wrong')

    await viewerCtx.setOffline(false)
    await hostCtx.setOffline(false)
    await expect.poll(() => viewer.getByTestId('offline-notice').count(), { timeout: 10_000 }).toBe(0)
    await expect.poll(() => studio.getByTestId('offline-notice').count(), { timeout: 10_000 }).toBe(0)
    await eventually(async () => (await playerState(viewer)) === 'live', { timeoutMs: 30_000 })
    const after = await waitForPlayback(viewer, 30_000)
    expect(after.width).toBeGreaterThan(0)
  })
})
