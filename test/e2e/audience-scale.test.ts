import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Room, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node'
import { launchChromium } from './support/browser'
import { startStack, type Stack } from './support/stack'
import { eventually, fetchToken } from './support/rtc'
import { goLive, hostContext, openStudio, openViewer, shownViewerCount, waitForPlayback } from './support/pages'

// Audience scale (DESIGN.md): viewers join hidden, so nobody is told about them — O(N) signalling —
// yet the server counts them. 30 synthetic viewers (rtc-node) + one browser viewer.
const SYNTHETIC = 30
let stack: Stack
let browser: Browser
let studio: Page
const synthetic: Room[] = []

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  browser = await launchChromium()
  studio = await (await hostContext(browser, stack)).newPage()
  await openStudio(studio, stack, 'big-show')
  await goLive(studio)
})

afterAll(async () => {
  await Promise.allSettled(synthetic.map(room => room.disconnect()))
  await browser?.close()
  await stack?.stop()
})

describe('audience scale', () => {
  it(`counts ${SYNTHETIC} hidden viewers + a browser viewer; a viewer hears about nobody but the host`, async () => {
    const viewerPage = await openViewer(await browser.newContext(), stack, 'big-show')
    await waitForPlayback(viewerPage)

    // The observer subscribes (it receives the host's media like any viewer) and records every
    // participant it is told about.
    const announced = new Set<string>()
    const observerToken = await fetchToken(stack.app.url, { room: 'big-show', username: 'observer' })
    const observer = new Room()
    observer.on(RoomEvent.ParticipantConnected, (p: RemoteParticipant) => announced.add(p.identity))
    await observer.connect(observerToken.url, observerToken.token, { autoSubscribe: true, dynacast: false })
    synthetic.push(observer)

    // The rest only join (no decoding: two cores cannot decode 30 videos); they still count.
    for (let i = 1; i < SYNTHETIC; i += 6) {
      const batch = await Promise.all(Array.from({ length: Math.min(6, SYNTHETIC - i) }, async (_, k) => {
        const token = await fetchToken(stack.app.url, { room: 'big-show', username: `viewer ${i + k}` })
        const room = new Room()
        await room.connect(token.url, token.token, { autoSubscribe: false, dynacast: false })
        return room
      }))
      synthetic.push(...batch)
    }
    expect(synthetic).toHaveLength(SYNTHETIC)

    const expected = SYNTHETIC + 1 // + the browser viewer
    await eventually(async () => (await shownViewerCount(studio)) === expected, { timeoutMs: 15_000 })
    await eventually(async () => (await shownViewerCount(viewerPage)) === expected, { timeoutMs: 15_000 })

    // Let any (wrong) join notifications arrive, then check: only the host was ever announced.
    await new Promise(resolve => setTimeout(resolve, 3000))
    const hostIdentities = [...observer.remoteParticipants.values()].map(p => p.identity)
    expect(hostIdentities).toHaveLength(1)
    const host = [...observer.remoteParticipants.values()][0]!
    await eventually(() => [...host.trackPublications.values()].some(publication => !!publication.track), { timeoutMs: 15_000 })
    expect([...announced].filter(id => !hostIdentities.includes(id))).toEqual([])
    expect(await studio.getByTestId('viewer-count').textContent()).toContain(`${expected} viewers`)

    // And they leave: the count comes back down to the browser viewer.
    await Promise.all(synthetic.splice(0).map(room => room.disconnect()))
    await eventually(async () => (await shownViewerCount(studio)) === 1, { timeoutMs: 15_000 })
  })
})
