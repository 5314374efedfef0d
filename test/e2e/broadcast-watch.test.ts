import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { ShowDetail } from '../../shared/types/catalog'
import { launchChromium } from './support/browser'
import { startStack, type Stack } from './support/stack'
import { eventually } from './support/rtc'
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

  it('ends the show: the viewer is told, the record says ended, and the studio can go live again', async () => {
    const record = async () => (await (await fetch(`${stack.app.url}/api/shows/spring-sale`)).json() as ShowDetail)
    const viewer = await openViewer(viewers, stack, 'spring-sale')
    await waitForPlayback(viewer)
    const firstStart = (await record()).startedAt
    await studio.getByTestId('end-show').click()
    await viewer.locator('[data-state="ended"]').waitFor({ timeout: 15_000 })
    expect(await viewer.getByTestId('player-status').textContent()).toContain('The show has ended')
    // Ended on the record at once — no webhooks here, and the viewer still on the page keeps the
    // LiveKit room open — so the home page no longer lists it live and a late viewer is told.
    await expect.poll(async () => (await record()).status, { timeout: 10_000 }).toBe('ended')
    expect((await fetch(`${stack.app.url}/api/livekit/token?room=spring-sale&username=Late`)).status).toBe(410)

    // Go live again: scheduled again, then live with a new start.
    await goLive(studio)
    await viewer.locator('[data-state="live"]').waitFor({ timeout: 15_000 })
    await waitForPlayback(viewer)
    const again = await record()
    expect(again.status).toBe('live')
    expect(Date.parse(again.startedAt!)).toBeGreaterThan(Date.parse(firstStart!))

    // End show and Go live again in one breath (the button takes End show's place): Go live again
    // waits for the end to be recorded, so once the studio is on air the record says live — not
    // ended by an End show request that landed after the new airing began.
    await studio.getByTestId('end-show').click()
    await goLive(studio)
    expect((await record()).status).toBe('live')
    await viewer.locator('[data-state="live"]').waitFor({ timeout: 15_000 })
  })

  it('asks a live host before leaving (a link, a reload); after End show the studio leaves without asking', async () => {
    await studio.locator('[data-phase="live"]').waitFor()
    const asked: string[] = []
    const answer = (dialog: Dialog) => {
      asked.push(`${dialog.type()}: ${dialog.message()}`)
      void dialog.dismiss() // "Stay"
    }
    studio.on('dialog', answer)
    const watchLink = studio.getByRole('link', { name: '/watch/spring-sale' })

    await watchLink.click()
    await eventually(async () => asked.length === 1)
    expect(asked[0]).toBe('confirm: You are live. Leaving this page ends the show for your viewers. Leave anyway?')
    void studio.reload({ timeout: 5_000 }).catch(() => {}) // stays: the reload is refused
    await eventually(async () => asked.length === 2)
    expect(asked[1]).toMatch(/^beforeunload/)
    expect(new URL(studio.url()).pathname).toBe('/broadcast/spring-sale')
    // Still on air: "Stay" kept the Room (livekit-client's own page-leave handler would have dropped it).
    await new Promise(resolve => setTimeout(resolve, 2_000))
    expect(await studio.locator('[data-phase="live"]').count()).toBe(1)
    const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
    const publishing = (await rooms.listParticipants('spring-sale')).filter(p => p.tracks.length > 0)
    expect(publishing).toHaveLength(1) // the server's participant list, not a cached count

    await studio.getByTestId('end-show').click()
    await studio.locator('[data-phase="ended"]').waitFor()
    await watchLink.click()
    await studio.waitForURL(/\/watch\/spring-sale$/)
    expect(asked).toHaveLength(2)
    studio.off('dialog', answer)
  })
})
