// Past one machine, on loopback: two LiveKit nodes in distributed mode (one Redis), two app
// instances A and B (one PostgreSQL schema, one Redis cache). Shows spread over the nodes, viewers
// whose signalling lands on the other node play, counts are exact on both instances; killing
// instance A mid-show stops nothing that matters; the instances' Redis going away is survived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Room } from '@livekit/rtc-node'
import type { RoomStatus } from '../../shared/types/livekit'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'
import { redisClient } from '../../scripts/lib/cluster.mjs'
import { launchChromium } from './support/browser'
import { goLive, hostContext, openStudio, openViewer, shownViewerCount, videoState, waitForPlayback } from './support/pages'
import { eventually, fetchToken, joinRoom } from './support/rtc'
import { createShows } from './support/shows'
import { signIn } from './support/stack'
import { nodeIndexOfRoom, queryClusterDb, startClusterStack, type ClusterStack } from './support/cluster'
import { Chatter } from './support/chat'
import { openAppDb, seedShow, shopClient } from './support/shop'

const SHOWS = ['cluster-show-1', 'cluster-show-2'] as const
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

let stack: ClusterStack
let browser: Browser
let viewerContext: BrowserContext
let studio: Page
let publisher: Awaited<ReturnType<typeof startDemoPublisher>> | undefined
const viewerPages = new Map<string, Page>()
const rtcViewers: Room[] = []

async function status(appUrl: string, room: string, cookie?: string): Promise<RoomStatus & { participants?: Array<{ identity: string }> }> {
  const response = await fetch(`${appUrl}/api/livekit/rooms/status?room=${room}`, {
    headers: cookie ? { cookie } : {},
    signal: AbortSignal.timeout(20_000), // a hung request fails here instead of stalling the test
  })
  if (!response.ok) throw new Error(`status answered ${response.status}: ${await response.text()}`)
  return await response.json()
}

async function rtcViewer(appUrl: string, room: string, name: string): Promise<Room> {
  const room_ = await joinRoom(await fetchToken(appUrl, { room, username: name }))
  rtcViewers.push(room_)
  return room_
}

beforeAll(async () => {
  stack = await startClusterStack()
  await createShows(stack.stack(0), [...SHOWS])
  // Show 1 gets a lineup (the shop needs one).
  const db = await openAppDb(stack.apps[0].env)
  await seedShow(db, SHOWS[0], [
    { id: 'cl-mug', title: 'Cluster mug', price: 1200, stock: 1000 },
    { id: 'cl-scarf', title: 'Cluster scarf', price: 3000, stock: 100 },
  ])
  await db.close()
  browser = await launchChromium()
  viewerContext = await browser.newContext()
})

afterAll(async () => {
  await Promise.allSettled(rtcViewers.map(room => room.disconnect()))
  await publisher?.stop()
  await browser?.close()
  await stack?.stop()
})

describe('two LiveKit nodes, two app instances', () => {
  it('places two shows on different nodes; viewers whose signalling lands on the other node play; counts are exact on both instances', async () => {
    const [a, b] = [stack.stack(0), stack.stack(1)]
    const { cluster, fronts } = stack

    // Show 1: the real studio, served by instance A.
    studio = await (await hostContext(browser, a)).newPage()
    await openStudio(studio, a, SHOWS[0])
    await goLive(studio)
    const node1 = await eventually(async () => {
      const index = await nodeIndexOfRoom(cluster, SHOWS[0])
      return index >= 0 ? { index } : null
    })

    // Show 2: a second host (a node participant with a host token from A), once the nodes'
    // stats (refreshed every 2 s) count show 1's room — the cluster places rooms by room count.
    await cluster.nodeStatsRefreshed(cluster.nodes[node1.index]!.id)
    const hostCookie = await signIn(a.app.url, stack.hostKey)
    const hostToken = await fetchToken(a.app.url, { room: SHOWS[1], username: 'Second host', admin: 'true' }, hostCookie)
    publisher = await startDemoPublisher({ url: hostToken.url, token: hostToken.token, width: 320, height: 180 })
    const node2 = await eventually(async () => {
      const index = await nodeIndexOfRoom(cluster, SHOWS[1])
      return index >= 0 ? { index } : null
    })
    console.log(`[bench-note] ${SHOWS[0]} on node ${cluster.nodes[node1.index]!.id}, ${SHOWS[1]} on node ${cluster.nodes[node2.index]!.id}`)
    expect(node2.index).not.toBe(node1.index)

    // Viewers get pages and tokens from instance B, whose LiveKit front hands signalling to node 2
    // first: the show that lives on node 1 is watched through node 2 (signalling relayed by LiveKit).
    const viaB = fronts[1].connections
    const before = viaB.get(cluster.nodes[0]!.port) ?? 0
    for (const show of SHOWS) {
      const page = await openViewer(viewerContext, b, show)
      viewerPages.set(show, page)
      const playing = await waitForPlayback(page, 45_000)
      expect(playing.width).toBeGreaterThan(0)
    }
    expect(viaB.get(cluster.nodes[1]!.port)).toBeGreaterThan(0)
    expect(viaB.get(cluster.nodes[0]!.port) ?? 0).toBe(before) // node 2 took all of B's signalling

    // Hidden node viewers from both instances: show 1 has 1 + 3 viewers, show 2 has 1 + 1.
    await rtcViewer(b.app.url, SHOWS[0], 'bea')
    await rtcViewer(b.app.url, SHOWS[0], 'bo')
    await rtcViewer(a.app.url, SHOWS[0], 'al')
    await rtcViewer(a.app.url, SHOWS[1], 'ann')
    const expected = { [SHOWS[0]]: 4, [SHOWS[1]]: 2 }
    for (const show of SHOWS) {
      for (const app of stack.apps) {
        await eventually(async () => {
          const found = await status(app.url, show)
          return found.viewers === expected[show] && found.publishers === 1 && found.live
        }, { timeoutMs: 15_000 })
      }
      await eventually(async () => (await shownViewerCount(viewerPages.get(show)!)) === expected[show], { timeoutMs: 15_000 })
    }
  })

  it('holds a ban, a spotlight and a flash sale made on A on B; sale stock is exact across both', async () => {
    const [a, b] = [stack.stack(0), stack.stack(1)]
    const hostCookie = await signIn(a.app.url, stack.hostKey)
    const hostOnA = shopClient(a.app.url, hostCookie)

    // Chat: a ban made through A refuses the chatter's next message through B.
    const troll = new Chatter(b.app.url)
    const chatterId = await troll.identify('Troll')
    expect((await troll.post(SHOWS[0], 'before the ban')).status).toBe(201)
    expect((await new Chatter(a.app.url, hostCookie).request('POST', `/api/shows/${SHOWS[0]}/chat/bans`, { chatterId })).status).toBe(201)
    const refused = await troll.post(SHOWS[0], 'after the ban')
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).toContain('banned')

    // Spotlight set through A reaches a viewer who joined through B (room metadata, on the room's node).
    const viewerViaB = rtcViewers[0]!
    const metadata = () => JSON.parse(viewerViaB.metadata || '{}') as { spotlight?: string[], flashSale?: { id: string, remaining: number } | null }
    expect((await hostOnA.call('POST', `/api/shows/${SHOWS[0]}/spotlight`, { productIds: ['cl-mug'] })).status).toBe(200)
    await eventually(() => metadata().spotlight?.[0] === 'cl-mug')

    // A flash sale started on A: 8 buyers through A and B at once for 5 units → exactly 5 orders.
    const sale = await hostOnA.call<{ id: string }>('POST', `/api/shows/${SHOWS[0]}/flash-sales`, { productId: 'cl-scarf', price: 1500, quantity: 5, perBuyerLimit: 1, durationSeconds: 120 })
    expect(sale.status).toBe(201)
    await eventually(() => metadata().flashSale?.id === sale.body.id)
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => shopClient(stack.apps[i % 2]!.url)
      .order(SHOWS[0], [{ productId: 'cl-scarf', quantity: 1, flashSaleId: sale.body.id }], { email: `buyer${i}@example.com` }, { deviceId: `cluster-device-${i}` })))
    expect(answers.filter(answer => answer.status === 201)).toHaveLength(5)
    expect(answers.filter(answer => answer.status === 409)).toHaveLength(3)
    await eventually(() => metadata().flashSale?.remaining === 0, { timeoutMs: 15_000 })
    const [sold] = await queryClusterDb<{ n: string }>(stack, 'SELECT COUNT(*) AS n FROM order_items WHERE product_id = $1', ['cl-scarf'])
    expect(Number(sold!.n)).toBe(5)
  })

  it('keeps everyone playing when app instance A is killed; B serves new viewers and stores every join', async () => {
    const b = stack.stack(1)
    const viewer = viewerPages.get(SHOWS[0])!
    const before = await videoState(viewer)

    // Orders and chat messages keep coming through both instances while A dies: every one
    // answered 201 must be stored (a request A never answered was not accepted).
    const accepted = { orders: [] as string[], messages: [] as string[] }
    let traffic = true
    const sender = (async () => {
      for (let i = 0; traffic; i++) {
        const app = stack.apps[i % 2]!
        const chatter = new Chatter(app.url)
        await Promise.allSettled([
          shopClient(app.url).order(SHOWS[0], [{ productId: 'cl-mug', quantity: 1 }], { email: `steady${i}@example.com` })
            .then(answer => answer.status === 201 && accepted.orders.push((answer.body as { orderId: string }).orderId)),
          chatter.identify(`Steady ${i}`).then(() => chatter.post(SHOWS[0], `message ${i}`))
            .then(answer => answer.status === 201 && accepted.messages.push(answer.body.id)),
        ])
        await pause(100)
      }
    })()
    await pause(2_000)
    await stack.apps[0].kill('SIGKILL')
    await pause(3_000)
    traffic = false
    await sender

    // Media never passes through the app: the viewer keeps decoding, the studio stays live.
    await eventually(async () => (await videoState(viewer)).frames > before.frames + 30, { timeoutMs: 20_000 })
    expect(await studio.locator('[data-phase="live"]').count()).toBe(1)

    // New viewers are served by B, pages and tokens.
    const late = await openViewer(viewerContext, b, SHOWS[0])
    const playing = await waitForPlayback(late, 45_000)
    expect(playing.width).toBeGreaterThan(0)
    const lateNode = await rtcViewer(b.app.url, SHOWS[0], 'late')

    // The host's session sealed by A opens on B (one session password), and sees the new viewer.
    const hostCookie = await signIn(b.app.url, stack.hostKey)
    await eventually(async () => {
      const found = await status(b.app.url, SHOWS[0], hostCookie)
      return found.viewers === 6 && found.participants?.some(p => p.identity === lateNode.localParticipant!.identity)
    }, { timeoutMs: 15_000 })

    const storedOrders = await queryClusterDb<{ id: string }>(stack, 'SELECT id FROM orders WHERE id = ANY($1)', [accepted.orders])
    const storedMessages = await queryClusterDb<{ id: string }>(stack, 'SELECT id FROM chat_messages WHERE id = ANY($1)', [accepted.messages])
    console.log(`[bench-note] while app A was SIGKILLed: ${accepted.orders.length} orders and ${accepted.messages.length} chat messages answered 201 by A or B; stored: ${storedOrders.length} and ${storedMessages.length}`)
    expect(accepted.orders.length).toBeGreaterThan(5)
    expect(accepted.messages.length).toBeGreaterThan(5)
    expect(storedOrders).toHaveLength(accepted.orders.length)
    expect(storedMessages).toHaveLength(accepted.messages.length)

    // Nothing LiveKit reported is lost: the late viewer's join is stored, by B, exactly once.
    await eventually(async () => {
      const rows = await queryClusterDb<{ n: string }>(stack,
        'SELECT COUNT(*) AS n FROM webhook_events WHERE kind = $1 AND participant_identity = $2',
        ['participant_joined', lateNode.localParticipant!.identity])
      return Number(rows[0]!.n) === 1
    }, { timeoutMs: 20_000 })
  })

  it('keeps answering while its Redis is down, and uses Redis again once it is back', async () => {
    const b = stack.stack(1)
    const redis = redisClient({ port: stack.appRedis.port })
    redis.on('error', () => {})
    try {
      // The shared cache really is in Redis before it goes.
      await status(b.app.url, SHOWS[0])
      await eventually(async () => (await redis.keys('liveshop*')).length > 0)

      await stack.appRedis.kill()
      let slowest = 0
      for (let round = 0; round < 5; round++) {
        const started = Date.now()
        const found = await status(b.app.url, SHOWS[0])
        expect(found.live).toBe(true)
        expect(found.viewers).toBe(6)
        const token = await fetch(`${b.app.url}/api/livekit/token?room=${SHOWS[0]}&username=during-outage`, { signal: AbortSignal.timeout(20_000) })
        expect(token.status).toBe(200)
        const page = await fetch(`${b.app.url}/watch/${SHOWS[0]}`, { signal: AbortSignal.timeout(20_000) })
        expect(page.status).toBe(200)
        slowest = Math.max(slowest, Date.now() - started)
        await pause(300)
      }
      console.log(`[bench-note] app with its Redis down: status + token + page answered, slowest round ${slowest} ms`)
      // Rate limits went on in B's memory, and B said so once, not once per request.
      expect(b.app.output().split('[rate-limit] Redis is not answering').length - 1).toBe(1)
      // Viewers did not notice.
      const viewer = viewerPages.get(SHOWS[0])!
      const before = await videoState(viewer)
      await eventually(async () => (await videoState(viewer)).frames > before.frames + 10)

      await stack.appRedis.start() // empty: no persistence
      await eventually(async () => {
        await status(b.app.url, SHOWS[0])
        return (await redis.keys('liveshop*')).length > 0
      }, { timeoutMs: 30_000, intervalMs: 500 })
      // …and so are the rate-limit counts, shared by both instances again.
      await eventually(async () => {
        await status(b.app.url, SHOWS[0])
        return (await redis.keys('rl:liveshop:status:*')).length > 0
      }, { timeoutMs: 10_000, intervalMs: 500 })
    }
    finally {
      redis.disconnect()
    }
  })
})
