import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { signIn, startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { eventually, fetchToken } from './support/rtc'
import { gestureFreeReader, goLive, hostContext, openStudio, openViewer, videoState, waitForPlayback } from './support/pages'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'

// What the host does is what the viewer sees: mic mute, camera off, screen share; and what the
// viewer picks is what it decodes (quality), with the autoplay "Tap to unmute" path.
let stack: Stack
let browser: Browser
let host: BrowserContext
let studio: Page
let viewer: Page

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  await createShows(stack, ['autoplay-show'])
  browser = await launchChromium()
  host = await hostContext(browser, stack)
  studio = await host.newPage()
  await openStudio(studio, stack, 'controls-show')
  await goLive(studio)
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  viewer = await openViewer(context, stack, 'controls-show')
  await waitForPlayback(viewer)
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

describe('host controls seen by the viewer', () => {
  it('mic mute (button and M key) shows "Host muted"; unmuting clears it', async () => {
    expect(await viewer.getByTestId('host-mic-muted').count()).toBe(0)
    await studio.getByTestId('toggle-mic').click()
    await viewer.getByTestId('host-mic-muted').waitFor({ timeout: 10_000 })
    expect(await studio.getByTestId('toggle-mic').textContent()).toContain('Unmute mic')

    await studio.locator('body').press('m')
    await viewer.getByTestId('host-mic-muted').waitFor({ state: 'detached', timeout: 10_000 })
    expect(await studio.getByTestId('toggle-mic').textContent()).toContain('Mute mic')
  })

  it('camera off shows the placeholder; camera on plays again', async () => {
    await studio.getByTestId('toggle-camera').click()
    await viewer.getByTestId('camera-off').waitFor({ timeout: 10_000 })
    expect(await viewer.getByTestId('camera-off').isVisible()).toBe(true)

    await studio.getByTestId('toggle-camera').click()
    await viewer.getByTestId('camera-off').waitFor({ state: 'detached', timeout: 10_000 })
    await waitForPlayback(viewer)
  })

  it('screen share replaces the camera for the viewer; stopping brings the camera back', async () => {
    await studio.getByTestId('toggle-screen').click()
    await viewer.getByTestId('screen-share-badge').waitFor({ timeout: 15_000 })
    const shared = await eventually(async () => {
      const state = await videoState(viewer)
      return state.source === 'screen_share' && state.width > 0 ? state : null
    }, { timeoutMs: 15_000 })
    expect(shared.source).toBe('screen_share')
    await waitForPlayback(viewer)

    await studio.getByTestId('toggle-screen').click()
    await viewer.getByTestId('screen-share-badge').waitFor({ state: 'detached', timeout: 15_000 })
    await eventually(async () => (await videoState(viewer)).source === 'camera', { timeoutMs: 15_000 })
    await waitForPlayback(viewer)
  })

  it('quality Low decodes smaller frames; High brings the size back up', async () => {
    const high = await eventually(async () => {
      const state = await videoState(viewer)
      return state.height >= 360 ? state : null
    }, { timeoutMs: 30_000 })

    await viewer.getByTestId('quality').selectOption('low')
    const low = await eventually(async () => {
      const state = await videoState(viewer)
      return state.height > 0 && state.height < high.height ? state : null
    }, { timeoutMs: 30_000 })
    expect(low.width).toBeLessThan(high.width)

    await viewer.getByTestId('quality').selectOption('high')
    const back = await eventually(async () => {
      const state = await videoState(viewer)
      return state.height > low.height ? state : null
    }, { timeoutMs: 30_000 })
    expect(back.width).toBeGreaterThan(low.width)
  })
})

describe('autoplay without a user gesture', () => {
  it('shows "Tap to unmute" and plays sound after a tap', async () => {
    // Headless Chromium allows autoplay unless told otherwise: ask for the policy real browsers use.
    const strict = await launchChromium({ autoplay: false, extraArgs: ['--autoplay-policy=user-gesture-required'] })
    // A camera-less host: the rtc-node demo publisher (moving pattern + tone).
    const hostCookie = await signIn(stack.app.url, stack.hostKey)
    const token = await fetchToken(stack.app.url, { room: 'autoplay-show', username: 'Demo host', admin: 'true' }, hostCookie)
    const publisher = await startDemoPublisher({ url: token.url, token: token.token })
    try {
      const page = await (await strict.newContext()).newPage()
      await page.goto(`${stack.app.url}/watch/autoplay-show`)
      const read = await gestureFreeReader(page)
      const media = () => read<{ frames: number, button: boolean, paused: boolean, time: number, muted: boolean }>(`(() => {
        const video = document.querySelector('[data-testid="player-video"]')
        const audio = document.querySelector('[data-testid="player-audio"]')
        return {
          frames: video ? video.getVideoPlaybackQuality().totalVideoFrames : 0,
          button: !!document.querySelector('[data-testid="tap-to-unmute"]'),
          paused: audio ? audio.paused : true,
          time: audio ? audio.currentTime : 0,
          muted: audio ? audio.muted : true,
        }
      })()`)
      // The picture plays (muted video may autoplay) while the sound waits for a tap.
      const blocked = await eventually(async () => {
        const state = await media()
        return state.frames > 5 && state.button ? state : null
      }, { timeoutMs: 30_000 })
      expect(blocked.paused).toBe(true)

      await page.getByTestId('tap-to-unmute').click()
      const playing = await eventually(async () => {
        const state = await media()
        return !state.paused && !state.button ? state : null
      }, { timeoutMs: 10_000 })
      expect(playing.muted).toBe(false)
      await eventually(async () => (await media()).time > playing.time + 0.5, { timeoutMs: 10_000 })
    }
    finally {
      await publisher.stop()
      await strict.close()
    }
  })
})
