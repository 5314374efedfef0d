// Chat as people use it, through the real LiveKit server and real Chromium: a viewer's message
// reaches another viewer, the host and an rtc-node listener; the host deletes and bans inline; the
// banned viewer is told why; slow mode refuses a second message; a late joiner gets the history;
// markup is shown as text; no token can publish data, and a participant's packet is ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { AccessToken, TokenVerifier } from 'livekit-server-sdk'
import { Room } from '@livekit/rtc-node'
import { launchChromium } from './support/browser'
import { startStack, signIn, type Stack } from './support/stack'
import { goLive, hostContext, openStudio, openViewer } from './support/pages'
import { eventually, fetchToken, joinRoom } from './support/rtc'
import { chatListener, Chatter, insertShow } from './support/chat'
import { CHAT_TOPIC } from '../../shared/types/chat'

const SHOW = 'chat-show'
let stack: Stack
let browser: Browser
let host: BrowserContext
let studio: Page
let listener: Awaited<ReturnType<typeof chatListener>>
const contexts: BrowserContext[] = []

async function viewerPage(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  contexts.push(context)
  // The name this device remembers (the watch page and the chat use it).
  await context.addInitScript((value) => {
    localStorage.setItem('liveshop:viewer-name', value)
  }, name)
  const page = await openViewer(context, stack, SHOW)
  await page.getByTestId('chat-panel').waitFor()
  return page
}

// The default slow mode allows one message per 2 s per chatter: pages that talk twice wait it out.
const lastSaid = new WeakMap<Page, number>()
async function say(page: Page, text: string) {
  const wait = (lastSaid.get(page) ?? 0) + 2100 - Date.now()
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
  await page.getByTestId('chat-input').fill(text)
  await page.getByTestId('chat-send').click()
  lastSaid.set(page, Date.now())
}

const texts = (page: Page) => page.getByTestId('chat-text').allTextContents()

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  await insertShow(stack, SHOW)
  browser = await launchChromium()
  host = await hostContext(browser, stack)
  studio = await host.newPage()
  await openStudio(studio, stack, SHOW)
  await goLive(studio)
  listener = await chatListener(stack, SHOW)
})

afterAll(async () => {
  await listener?.close()
  await browser?.close()
  await stack?.stop()
})

describe('chat', () => {
  let anna: Page
  let ben: Page

  it('a viewer\'s message reaches another viewer, the host and a room listener', async () => {
    anna = await viewerPage('Anna')
    ben = await viewerPage('Ben')
    await say(anna, 'Is the blue one still available?')
    for (const page of [anna, ben, studio]) {
      await page.getByTestId('chat-text').filter({ hasText: 'Is the blue one still available?' }).waitFor({ timeout: 10_000 })
    }
    const line = ben.getByTestId('chat-message').filter({ hasText: 'Is the blue one still available?' })
    expect(await line.getByTestId('chat-name').textContent()).toBe('Anna')
    const relayed = await eventually(() => [...listener.messages.values()].find(m => m.message.text === 'Is the blue one still available?'))
    expect(relayed.message).toMatchObject({ name: 'Anna', role: 'viewer' })
  })

  it('shows the host with a badge', async () => {
    await say(studio, 'Yes, three left!')
    const line = ben.getByTestId('chat-message').filter({ hasText: 'Yes, three left!' })
    await line.waitFor({ timeout: 10_000 })
    expect(await line.getAttribute('data-role')).toBe('host')
    expect(await line.locator('.badge').textContent()).toBe('Host')
  })

  it('renders markup as text, never as HTML', async () => {
    const attack = '<img src=x onerror="window.__pwned=1">'
    await say(anna, attack)
    await ben.getByTestId('chat-text').filter({ hasText: attack }).waitFor({ timeout: 10_000 })
    expect(await ben.getByTestId('chat-panel').locator('img').count()).toBe(0)
    expect(await ben.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
  })

  it('the host deletes a message inline and it disappears everywhere', async () => {
    await say(ben, 'spam spam spam')
    await anna.getByTestId('chat-text').filter({ hasText: 'spam spam spam' }).waitFor({ timeout: 10_000 })
    const line = studio.getByTestId('chat-message').filter({ hasText: 'spam spam spam' })
    await line.waitFor({ timeout: 10_000 })
    const id = await line.getAttribute('data-id')
    await line.getByTestId('chat-moderate').click()
    await line.getByTestId('chat-delete').click()
    for (const page of [anna, ben, studio]) {
      await eventually(async () => !(await texts(page)).includes('spam spam spam'), { timeoutMs: 10_000 })
    }
    await eventually(() => listener.deleted.has(id!))
    // And it stays gone for anyone loading the history.
    const history = await new Chatter(stack.app.url).request<{ messages: { text: string }[] }>('GET', `/api/shows/${SHOW}/chat`)
    expect(history.body.messages.map(m => m.text)).not.toContain('spam spam spam')
    const log = await new Chatter(stack.app.url, await signIn(stack.app.url, stack.hostKey)).request<{ entries: { action: string, actor: string }[] }>('GET', `/api/shows/${SHOW}/chat/moderation`)
    expect(log.body.entries.find(e => e.action === 'delete')).toMatchObject({ actor: 'host:builtin' })
  })

  it('a late joiner gets the history', async () => {
    const late = await viewerPage('Late')
    await eventually(async () => {
      const shown = await texts(late)
      return shown.includes('Is the blue one still available?') && shown.includes('Yes, three left!') && !shown.includes('spam spam spam')
    }, { timeoutMs: 15_000 })
    await late.close()
  })

  it('slow mode answers 429 and the viewer is told when to try again', async () => {
    // The host sets it in the studio's chat menu.
    await studio.getByTestId('chat-settings').click()
    await studio.getByTestId('chat-slow-mode').selectOption('30')
    await studio.getByTestId('chat-mod-status').filter({ hasText: 'Chat settings saved.' }).waitFor({ timeout: 10_000 })
    await studio.getByTestId('chat-slow-mode').press('Escape')
    await studio.getByTestId('chat-slow-mode').waitFor({ state: 'detached' })
    const hostApi = new Chatter(stack.app.url, await signIn(stack.app.url, stack.hostKey))
    // A viewer who has not written yet (the window counts from a chatter's last message).
    const cleo = await viewerPage('Cleo')
    await cleo.getByText('Slow mode: one message every 30 s').waitFor({ timeout: 10_000 })
    await say(cleo, 'first under slow mode')
    await cleo.getByTestId('chat-text').filter({ hasText: 'first under slow mode' }).waitFor({ timeout: 10_000 })
    await say(cleo, 'second under slow mode')
    await expect.poll(() => cleo.getByTestId('chat-error').textContent(), { timeout: 10_000 }).toMatch(/Slow mode is on .* again in \d+ s/)
    expect(await texts(ben)).not.toContain('second under slow mode')
    await cleo.close()

    const api = new Chatter(stack.app.url)
    await api.identify('Scripted')
    expect((await api.post(SHOW, 'one')).status).toBe(201)
    const refused = await api.post(SHOW, 'two')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await hostApi.request('PATCH', `/api/shows/${SHOW}/chat/settings`, { slowModeSeconds: 0 })).status).toBe(200)
  })

  it('a banned viewer gets 403 and sees why', async () => {
    const line = studio.getByTestId('chat-message').filter({ hasText: 'Is the blue one still available?' })
    await line.getByTestId('chat-moderate').click()
    await line.getByTestId('chat-ban').click()
    await studio.getByTestId('chat-mod-status').filter({ hasText: 'Anna is banned' }).waitFor({ timeout: 10_000 })
    await say(anna, 'let me speak')
    await expect.poll(() => anna.getByTestId('chat-muted').textContent(), { timeout: 10_000 }).toContain('You are banned from this chat')
    expect(await anna.getByTestId('chat-input').isDisabled()).toBe(true)
    expect(await texts(ben)).not.toContain('let me speak')
    // The same device through the API: 403 with the reason.
    const cookie = (await anna.context().cookies()).map(c => `${c.name}=${c.value}`).join('; ')
    const refused = await new Chatter(stack.app.url, cookie).post(SHOW, 'still me')
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).toContain('banned')
  })

  it('the host pins a message and every viewer sees the banner', async () => {
    const line = studio.getByTestId('chat-message').filter({ hasText: 'Yes, three left!' })
    await line.getByTestId('chat-moderate').click()
    await line.getByTestId('chat-pin').click()
    await ben.getByTestId('chat-pinned').filter({ hasText: 'Yes, three left!' }).waitFor({ timeout: 10_000 })
  })
})

describe('chat on a phone', () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

  async function phonePage(name: string, reducedMotion: 'reduce' | 'no-preference') {
    const context = await browser.newContext({ ...phone, reducedMotion })
    contexts.push(context)
    await context.addInitScript((value) => {
      localStorage.setItem('liveshop:viewer-name', value)
    }, name)
    const page = await openViewer(context, stack, SHOW)
    await page.getByTestId('chat-overlay').waitFor()
    return page
  }

  it('chats from the overlay over the video, and hearts float up (none with reduced motion)', async () => {
    const mobile = await phonePage('Phone', 'no-preference')
    const still = await phonePage('Still', 'reduce')
    const desk = await viewerPage('Desk')
    await say(mobile, 'hello from my phone')
    await desk.getByTestId('chat-text').filter({ hasText: 'hello from my phone' }).waitFor({ timeout: 10_000 })
    await mobile.getByTestId('chat-text').filter({ hasText: 'hello from my phone' }).waitFor({ timeout: 10_000 })
    // The overlay sits over the lower part of the video, and the page does not scroll sideways.
    const [overlay, video] = await Promise.all([mobile.getByTestId('chat-overlay').boundingBox(), mobile.getByTestId('player-video').boundingBox()])
    expect(overlay!.y).toBeGreaterThan(video!.y + video!.height / 3)
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    // Someone else sends hearts: the counts arrive on the lossy topic.
    for (let i = 0; i < 3; i++) await desk.getByTestId('reaction-heart').click()
    await mobile.getByTestId('floating-heart').first().waitFor({ state: 'attached', timeout: 10_000 })
    await still.getByTestId('reaction-count').waitFor({ timeout: 10_000 })
    expect(await still.getByTestId('floating-heart').count()).toBe(0)
    await desk.close()
  })
})

describe('the data plane belongs to the server', () => {
  it('no viewer or host token carries canPublishData', async () => {
    const verifier = new TokenVerifier(stack.livekit.apiKey, stack.livekit.apiSecret)
    const viewer = await fetchToken(stack.app.url, { room: SHOW, username: 'v' })
    const hostToken = await fetchToken(stack.app.url, { room: SHOW, username: 'h', admin: 'true' }, await signIn(stack.app.url, stack.hostKey))
    for (const token of [viewer, hostToken]) {
      const claims = await verifier.verify(token.token)
      expect(claims.video?.canPublishData).toBe(false)
    }
    // A viewer trying anyway: LiveKit refuses it, and nothing reaches the listener.
    const room = await joinRoom(viewer)
    const before = listener.packets()
    await room.localParticipant!.publishData(new TextEncoder().encode('{"v":1,"messages":[],"deleted":[]}'), { reliable: true, topic: CHAT_TOPIC }).catch(() => {})
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(listener.packets()).toBe(before)
    await room.disconnect()
  })

  it('a participant\'s well-formed chat packet is ignored by the page', async () => {
    // A participant that could send data (a token made with the keys, as a compromised client
    // or a misconfigured agent would have) sends a perfectly shaped chat packet.
    const at = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity: 'mallory' })
    at.addGrant({ room: SHOW, roomJoin: true, canPublishData: true, canPublish: false, canSubscribe: false })
    const mallory = new Room()
    await mallory.connect(stack.livekit.wsUrl, await at.toJwt(), { autoSubscribe: false, dynacast: false })
    const viewer = await viewerPage('Watcher')
    const forged = { v: 1, messages: [{ id: 'zzzzzzzzz-forged000001', chatterId: 'cforged', name: 'Host', role: 'host', text: 'FORGED: free items at evil.example', createdAt: Date.now() }], deleted: [] }
    await mallory.localParticipant!.publishData(new TextEncoder().encode(JSON.stringify(forged)), { reliable: true, topic: CHAT_TOPIC })
    // A real message sent after it arrives; the forged one, sent first, never shows.
    const api = new Chatter(stack.app.url)
    await api.identify('Real')
    expect((await api.post(SHOW, 'a real message after the forged one')).status).toBe(201)
    await viewer.getByTestId('chat-text').filter({ hasText: 'a real message after the forged one' }).waitFor({ timeout: 10_000 })
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(await texts(viewer)).not.toContain('FORGED: free items at evil.example')
    await mallory.disconnect()
  })
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
})
