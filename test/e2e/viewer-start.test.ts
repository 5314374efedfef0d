// A viewer's start-up, as the network sees it: the watch page's HTML already asks for the
// livekit-client chunk (modulepreload) while pages that do not stream never load it, the token is
// requested once — early, before the player mounts — and the stream plays with it; the show's record
// comes with the HTML and is not asked for again.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './support/browser'
import { ROOT, startStack, type Stack } from './support/stack'
import { RoomServiceClient } from 'livekit-server-sdk'
import { goLive, hostContext, openStudio, waitForPlayback } from './support/pages'

let stack: Stack
let browser: Browser

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  browser = await launchChromium()
  const studio = await (await hostContext(browser, stack)).newPage()
  await openStudio(studio, stack, 'start-show')
  await goLive(studio)
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

// livekit-client's bundle carries its version as a string literal; the app's own chunks do not.
const LIVEKIT_VERSION = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/livekit-client/package.json'), 'utf8')).version as string
const isLiveKitChunk = async (href: string) => (await (await fetch(`${stack.app.url}${href}`)).text()).includes(`"${LIVEKIT_VERSION}"`)
const modulePreloads = (html: string) => [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(match => match[1]!)

describe('viewer start-up', () => {
  it('preloads livekit-client from the watch page\'s HTML, and not from pages that do not stream', async () => {
    const watch = modulePreloads(await (await fetch(`${stack.app.url}/watch/start-show`)).text())
    const home = new Set(modulePreloads(await (await fetch(`${stack.app.url}/`)).text()))
    const onlyOnWatch = watch.filter(href => !home.has(href))
    const livekitChunks = []
    for (const href of onlyOnWatch) if (await isLiveKitChunk(href)) livekitChunks.push(href)
    expect(livekitChunks).toHaveLength(1)
    for (const href of home) expect(await isLiveKitChunk(href)).toBe(false)
  })

  it('asks for the viewer token once, before the player has mounted, and plays with it', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const tokenRequests: string[] = []
    const showRequests: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/livekit/token')) tokenRequests.push(request.url())
      if (new URL(request.url()).pathname === '/api/shows/start-show') showRequests.push(request.url())
    })
    // When the token request leaves, the player's <video> must not exist yet (it was started early).
    await page.addInitScript(() => {
      const original = window.fetch
      window.fetch = (...args) => {
        if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/api/livekit/token')) {
          (window as unknown as { __videoAtTokenRequest: boolean }).__videoAtTokenRequest = !!document.querySelector('[data-testid="player-video"]')
        }
        return original(...args)
      }
    })
    await page.goto(`${stack.app.url}/watch/start-show`)
    await waitForPlayback(page)
    expect(tokenRequests).toHaveLength(1)
    // The panels (chat, shop) mount after the first picture; the shop starts from the show record
    // the page rendered with, instead of asking for it again.
    await page.getByTestId('chat-panel').waitFor()
    await page.waitForLoadState('networkidle')
    expect(showRequests).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __videoAtTokenRequest: boolean }).__videoAtTokenRequest)).toBe(false)
    await context.close()
  })

  it('a viewer who leaves for another page while the join is still on its way is not left in the show', async () => {
    const { page, releaseToken, tokenSent } = await pageWithHeldToken()
    // The join's signalling connection to LiveKit: it opens once the token is through, and closes
    // only when the page leaves the room (a stale join that stayed would keep it open).
    const signalling = new Promise<void>((resolve) => {
      page.on('websocket', (socket) => {
        if (new URL(socket.url()).pathname.startsWith('/rtc')) socket.on('close', () => resolve())
      })
    })
    await openPlayerThenLeave(page)
    releaseToken()
    await expect.poll(tokenSent, { timeout: 10_000 }).toBe(true)
    // The join completed after its player had gone: it must leave, not stay counted (and paying for video).
    await signalling
    await expect.poll(viewersInRoom, { timeout: 10_000 }).toBe(0)
    await page.context().close()
  })

  it('a viewer who leaves and comes straight back while the first join is still on its way plays, once', async () => {
    const { page, releaseToken } = await pageWithHeldToken()
    await openPlayerThenLeave(page)
    await page.goBack() // the same show again, before its first join has finished
    await page.waitForURL(`${stack.app.url}/watch/start-show`)
    releaseToken()
    await waitForPlayback(page)
    await expect.poll(viewersInRoom, { timeout: 15_000 }).toBe(1)
    await page.context().close()
  })
})

/** Hidden viewers in the show's room, as LiveKit counts them. */
async function viewersInRoom() {
  const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
  return (await rooms.listParticipants('start-show')).filter(p => p.tracks.length === 0).length
}

/**
 * A fresh viewer page whose token answers are held until releaseToken(): the early join (started
 * before the app) stays in flight while the player mounts and waits for it.
 */
async function pageWithHeldToken() {
  const page = await (await browser.newContext()).newPage()
  let releaseToken = () => {}
  const held = new Promise<void>((resolve) => {
    releaseToken = resolve
  })
  let sent = false
  await page.route('**/api/livekit/token**', async (route) => {
    await held
    await route.continue()
    sent = true
  })
  return { page, releaseToken, tokenSent: () => sent }
}

/** Opens the watch page until its player has mounted, then goes to the home page (client-side). */
async function openPlayerThenLeave(page: Page) {
  await page.goto(`${stack.app.url}/watch/start-show`)
  await page.getByTestId('player-video').waitFor({ state: 'attached' })
  await page.locator('.topbar').getByRole('link', { name: 'Live shows' }).click()
  await page.waitForURL(`${stack.app.url}/`)
}
