// The LiveKit node that holds a show dies mid-show (SIGKILL: no goodbye to Redis). In open-source
// LiveKit a room lives on one node, so the show must move: the node's stats go stale after 5 s,
// the next join picks a live node (pkg/service/roomallocator.go), and host and viewers must come
// back there by themselves — no reload. The figures are printed, not asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RoomStatus } from '../../shared/types/livekit'
import { launchChromium } from './support/browser'
import { goLive, hostContext, openStudio, openViewer, videoState, waitForPlayback } from './support/pages'
import { eventually } from './support/rtc'
import { nodeIndexOfRoom, startClusterStack, type ClusterStack } from './support/cluster'

const SHOW = 'failover-show'

let stack: ClusterStack
let browser: Browser

beforeAll(async () => {
  stack = await startClusterStack()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function status(appUrl: string): Promise<RoomStatus> {
  const response = await fetch(`${appUrl}/api/livekit/rooms/status?room=${SHOW}`, { signal: AbortSignal.timeout(20_000) })
  return await response.json() as RoomStatus
}

/** Records every navigation and player state the page goes through (states may flip faster than a poll). */
async function watchPage(page: Page) {
  const navigations: string[] = []
  page.on('framenavigated', frame => navigations.push(frame.url()))
  return navigations
}

describe('a LiveKit node dies mid-show', () => {
  it('moves the show to the other node: the host re-publishes and viewers play again without a reload', async () => {
    const [a, b] = [stack.stack(0), stack.stack(1)]
    const { cluster } = stack
    const studio = await (await hostContext(browser, a)).newPage()
    await openStudio(studio, a, SHOW)
    await goLive(studio)
    // One viewer per instance: each instance's front prefers a different node, so one of them
    // signals through the node that does not hold the show.
    const viewers = [await openViewer(await browser.newContext(), a, SHOW), await openViewer(await browser.newContext(), b, SHOW)]
    for (const viewer of viewers) await waitForPlayback(viewer, 45_000)
    const from = await nodeIndexOfRoom(cluster, SHOW)
    expect(from).toBeGreaterThanOrEqual(0)
    const navigations = await Promise.all([studio, ...viewers].map(watchPage))

    const killedAt = Date.now()
    await cluster.nodes[from]!.kill()

    // The host is back when LiveKit has the show on the surviving node with a publisher again.
    const hostBack = await eventually(async () => {
      const index = await nodeIndexOfRoom(cluster, SHOW)
      const found = await status(b.app.url)
      return index === 1 - from && found.publishers === 1 ? Date.now() : null
    }, { timeoutMs: 120_000, intervalMs: 250 })
    const viewersBack: number[] = []
    for (const viewer of viewers) {
      const before = await videoState(viewer)
      await eventually(async () => {
        const state = await videoState(viewer)
        return state.width > 0 && state.frames > before.frames + 5
      }, { timeoutMs: 120_000, intervalMs: 250 })
      viewersBack.push(Date.now())
    }
    const seconds = (t: number) => ((t - killedAt) / 1000).toFixed(1)
    console.log(`[bench-note] LiveKit node ${cluster.nodes[from]!.id} SIGKILLed: show back on ${cluster.nodes[1 - from]!.id}; host re-published after ${seconds(hostBack)} s, viewers playing again after ${viewersBack.map(seconds).join(' s and ')} s`)

    expect(await studio.locator('[data-phase="live"]').count()).toBe(1)
    await eventually(async () => (await status(a.app.url)).viewers === 2, { timeoutMs: 20_000 })
    for (const list of navigations) expect(list).toEqual([]) // nobody reloaded
  })
})
