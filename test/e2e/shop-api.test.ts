// The shop's routes on the built app against the real LiveKit server, on SQLite and PostgreSQL:
// the spotlight and flash sale land in the room metadata (a participant joining later reads them on
// connect), orders are priced and reserved by the server (201 / 200 same key / 400 per field / 409
// sold out), the host's orders list, status changes, CSV, the viewers' beacon batches; and card
// payment through Stripe Checkout against stripe-mock with webhooks signed by the Stripe SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { RoomServiceClient } from 'livekit-server-sdk'
import Stripe from 'stripe'
import type { Room } from '@livekit/rtc-node'
import type { LiveState } from '../../shared/types/live-state'
import type { OrderRecord, ShopStats } from '../../shared/types/shop'
import type { Db } from '../../server/utils/db'
import { signIn, startStack, type Stack } from './support/stack'
import { eventually, fetchToken, joinRoom } from './support/rtc'
import { testAnalyticsDb, type Backend, type TestAnalyticsDb } from './support/analytics-db'
import { openAppDb, seedShow, shopClient } from './support/shop'
import { startStripeMock } from '../../scripts/stripe-mock.mjs'

const SHOW = 'shop-api-show'
const PRODUCTS = [
  { id: 'api-mug', title: 'Mug', price: 1200, stock: 10 },
  { id: 'api-tee', title: 'Tee', price: 2000, stock: 0, variants: [{ id: 'api-tee-s', name: 'S', stock: 1 }, { id: 'api-tee-m', name: 'M', stock: 4, price: 2500 }] },
  { id: 'api-rush', title: 'Print', price: 4500, stock: 5 },
  { id: 'api-scarf', title: 'Scarf', price: 3000, stock: 10 },
]

describe.each<Backend>(['sqlite', 'postgres'])('shop routes (%s)', (backend) => {
  let stack: Stack
  let store: TestAnalyticsDb
  let db: Db
  let host: ReturnType<typeof shopClient>
  let guest: ReturnType<typeof shopClient>
  let rooms: RoomServiceClient
  const joined: Room[] = []

  const metadata = async (): Promise<LiveState | null> => {
    const [room] = await rooms.listRooms([SHOW])
    return room?.metadata ? JSON.parse(room.metadata) as LiveState : null
  }
  const stockOf = async (id: string) => (await db.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', [id]))!.stock

  beforeAll(async () => {
    store = testAnalyticsDb(backend)
    stack = await startStack({ env: store.env })
    db = await openAppDb(stack.appEnv)
    await seedShow(db, SHOW, PRODUCTS)
    host = shopClient(stack.app.url, await signIn(stack.app.url, stack.hostKey))
    guest = shopClient(stack.app.url)
    rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
    await rooms.createRoom({ name: SHOW, emptyTimeout: 600 })
  })

  afterAll(async () => {
    await Promise.allSettled(joined.map(room => room.disconnect()))
    await db?.close()
    await stack?.stop()
    await store?.cleanup()
  })

  it('spotlights up to 3 lineup products into the room metadata; a late joiner reads it on connect', async () => {
    expect((await guest.call('POST', `/api/shows/${SHOW}/spotlight`, { productIds: ['api-mug'] })).status).toBe(401)
    const tooMany = await host.call('POST', `/api/shows/${SHOW}/spotlight`, { productIds: ['a', 'b', 'c', 'd'] })
    expect(tooMany).toMatchObject({ status: 400, body: { message: 'productIds: at most 3 products at a time' } })
    const outside = await host.call('POST', `/api/shows/${SHOW}/spotlight`, { productIds: ['nope'] })
    expect(outside.status).toBe(400)
    expect(outside.body.message).toContain('not in this show\'s lineup')
    expect((await host.call('POST', '/api/shows/no-such-show/spotlight', { productIds: [] })).status).toBe(404)

    const set = await host.call<{ spotlight: string[], version: number }>('POST', `/api/shows/${SHOW}/spotlight`, { productIds: ['api-mug', 'api-tee'] })
    expect(set.status).toBe(200)
    expect(set.body.spotlight).toEqual(['api-mug', 'api-tee'])
    expect(await metadata()).toMatchObject({ version: set.body.version, spotlight: ['api-mug', 'api-tee'] })

    const late = await joinRoom(await fetchToken(stack.app.url, { room: SHOW, username: 'Late viewer' }))
    joined.push(late)
    expect(JSON.parse(late.metadata ?? '{}')).toMatchObject({ spotlight: ['api-mug', 'api-tee'] })
  })

  it('places orders priced by the server; the same idempotency key answers the same order', async () => {
    const key = randomUUID()
    const items = [{ productId: 'api-mug', quantity: 2, price: 1 }, { productId: 'api-tee', variantId: 'api-tee-m', quantity: 1 }]
    const first = await guest.call('POST', '/api/orders', { showId: SHOW, items, buyer: { name: 'Ana', email: 'ana@example.com' }, idempotencyKey: key })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ status: 'reserved', total: 2 * 1200 + 2500, currency: 'EUR', number: expect.stringMatching(/^LS-/) })
    const again = await guest.call('POST', '/api/orders', { showId: SHOW, items, buyer: { name: 'Ana', email: 'ana@example.com' }, idempotencyKey: key })
    expect(again.status).toBe(200)
    expect(again.body.orderId).toBe(first.body.orderId)
    expect(await stockOf('api-mug')).toBe(8)
  })

  it('answers 400 per field, 415 for a body that is not JSON, 409 with the sold-out items', async () => {
    const bad = await guest.call('POST', '/api/orders', { showId: SHOW, items: [{ productId: 'api-mug', quantity: 0 }], buyer: { name: '', email: 'not-an-email' }, idempotencyKey: 'short' })
    expect(bad.status).toBe(400)
    for (const field of ['items.0.quantity', 'buyer.name', 'buyer.email', 'idempotencyKey']) expect(bad.body.message).toContain(`${field}:`)
    const text = await fetch(`${stack.app.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'text/plain', 'origin': stack.app.url }, body: 'hello' })
    expect(text.status).toBe(415)
    const short = await guest.order(SHOW, [{ productId: 'api-mug', quantity: 1 }, { productId: 'api-tee', variantId: 'api-tee-s', quantity: 2 }])
    expect(short.status).toBe(409)
    expect(short.body).toMatchObject({ data: { code: 'sold_out', soldOut: [{ productId: 'api-tee', variantId: 'api-tee-s', available: 1 }] } })
    expect(short.body.message).toContain('Tee (S)')
    expect(await stockOf('api-mug')).toBe(8)
  })

  it('40 buyers at once for 5 units over HTTP: exactly 5 orders, 35 × 409', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => guest.order(SHOW, [{ productId: 'api-rush', quantity: 1 }], { email: `rush${i}@example.com` })))
    expect(answers.filter(answer => answer.status === 201)).toHaveLength(5)
    expect(answers.filter(answer => answer.status === 409)).toHaveLength(35)
    expect(await stockOf('api-rush')).toBe(0)
  })

  it('runs a flash sale: metadata shows price and units left, limits are enforced, ending it refuses the price', async () => {
    const tooShort = await host.call('POST', `/api/shows/${SHOW}/flash-sales`, { productId: 'api-scarf', price: 1500, quantity: 4, perBuyerLimit: 1, durationSeconds: 10 })
    expect(tooShort).toMatchObject({ status: 400, body: { message: expect.stringContaining('durationSeconds: must be at least 30 seconds') } })
    const started = await host.call<{ id: string, endsAt: number }>('POST', `/api/shows/${SHOW}/flash-sales`, { productId: 'api-scarf', price: 1500, quantity: 4, perBuyerLimit: 1, durationSeconds: 60 })
    expect(started.status).toBe(201)
    expect(started.body.endsAt).toBeGreaterThan(Date.now() + 50_000)
    expect((await metadata())?.flashSale).toMatchObject({ id: started.body.id, price: 1500, remaining: 4, perBuyerLimit: 1 })

    const bought = await guest.order(SHOW, [{ productId: 'api-scarf', quantity: 1, flashSaleId: started.body.id }], { email: 'fan@example.com' }, { deviceId: 'device-fan-1' })
    expect(bought).toMatchObject({ status: 201, body: { total: 1500 } })
    await eventually(async () => (await metadata())?.flashSale?.remaining === 3)
    const over = await guest.order(SHOW, [{ productId: 'api-scarf', quantity: 1, flashSaleId: started.body.id }], { email: 'other@example.com' }, { deviceId: 'device-fan-1' })
    expect(over).toMatchObject({ status: 409, body: { data: { code: 'over_limit' } } })
    expect(over.body.message).toContain('limit of 1')

    expect((await host.call('POST', `/api/shows/${SHOW}/flash-sales/${started.body.id}/end`)).status).toBe(200)
    expect((await metadata())?.flashSale).toBeNull()
    const late = await guest.order(SHOW, [{ productId: 'api-scarf', quantity: 1, flashSaleId: started.body.id }], { email: 'late@example.com' })
    expect(late).toMatchObject({ status: 409, body: { data: { code: 'flash_sale_ended' } } })
    expect(late.body.message).toContain('has ended')
  })

  it('lists the host\'s orders, changes their status (cancel returns stock) and exports CSV', async () => {
    expect((await guest.call('GET', '/api/orders')).status).toBe(401)
    const list = await host.call<{ orders: OrderRecord[] }>('GET', `/api/orders?show=${SHOW}`)
    expect(list.status).toBe(200)
    const mugOrder = list.body.orders.find(order => order.items.some(item => item.productId === 'api-mug'))!
    expect(mugOrder).toMatchObject({ showTitle: 'Test show', status: 'reserved', buyerEmail: 'ana@example.com' })
    const before = await stockOf('api-mug')
    const cancelled = await host.call<{ order: OrderRecord }>('PATCH', `/api/orders/${mugOrder.id}`, { status: 'cancelled' })
    expect(cancelled.body.order.status).toBe('cancelled')
    expect(await stockOf('api-mug')).toBe(before + 2)
    const refused = await host.call('PATCH', `/api/orders/${mugOrder.id}`, { status: 'shipped' })
    expect(refused.status).toBe(409)
    expect((await host.call('PATCH', `/api/orders/${mugOrder.id}`, { status: 'lost' })).status).toBe(400)

    const csv = await host.call<string>('GET', `/api/orders/export.csv?show=${SHOW}`)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.body).toContain(mugOrder.number)
    expect(csv.body.split('\r\n').length).toBe(list.body.orders.length + 1)
  })

  it('stores viewers\' beacon batches (text/plain) and reports conversion per product', async () => {
    const batch = { showId: SHOW, deviceId: 'device-beacon-1', events: [{ type: 'card_view', productId: 'api-mug', at: Date.now() }, { type: 'add_to_cart', productId: 'api-mug', at: Date.now() }] }
    const sent = await fetch(`${stack.app.url}/api/shop/events`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', 'origin': stack.app.url }, body: JSON.stringify(batch) })
    expect(sent.status).toBe(202)
    expect(await sent.json()).toEqual({ stored: 2 })
    const bad = await fetch(`${stack.app.url}/api/shop/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'origin': stack.app.url }, body: '{"showId":1}' })
    expect(bad.status).toBe(400)
    const stats = await host.call<ShopStats>('GET', `/api/shows/${SHOW}/shop-stats`)
    expect(stats.body.products.find(row => row.productId === 'api-mug')).toMatchObject({ cardViews: 1, addToCarts: 1, viewersReached: 1 })
    expect(stats.body.timeline.map(mark => mark.type)).toEqual(expect.arrayContaining(['spotlight', 'sale_start', 'sale_end']))
    expect(stats.body.orders).toBeGreaterThan(0)
  })
})

describe('card payment through Stripe Checkout (stripe-mock)', () => {
  const WEBHOOK_SECRET = `whsec_${randomUUID().replaceAll('-', '')}`
  let stripeMock: Awaited<ReturnType<typeof startStripeMock>>
  let stack: Stack
  let store: TestAnalyticsDb
  let db: Db
  let guest: ReturnType<typeof shopClient>
  const stripe = new Stripe('sk_test_123')

  beforeAll(async () => {
    stripeMock = await startStripeMock()
    store = testAnalyticsDb('sqlite')
    stack = await startStack({
      env: { ...store.env, STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: stripeMock.url, NUXT_SHOP_RESERVATION_MINUTES: '0.05' },
      webhooks: false,
    })
    db = await openAppDb(stack.appEnv)
    await seedShow(db, SHOW, PRODUCTS)
    guest = shopClient(stack.app.url)
  })

  afterAll(async () => {
    await db?.close()
    await stack?.stop()
    await store?.cleanup()
    await stripeMock?.stop()
  })

  const webhook = (payload: string, signature: string) => fetch(`${stack.app.url}/api/shop/stripe-webhook`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload,
  })
  const eventFor = (type: string, orderId: string, sessionId: string) => JSON.stringify({
    id: `evt_${randomUUID()}`, object: 'event', type, api_version: '2025-01-01',
    data: { object: { id: sessionId, object: 'checkout.session', client_reference_id: orderId, payment_status: type.endsWith('completed') ? 'paid' : 'unpaid', metadata: { orderId } } },
  })

  it('answers a payUrl, and the signed checkout.session.completed webhook marks the order paid', async () => {
    const placed = await guest.order(SHOW, [{ productId: 'api-mug', quantity: 1 }])
    expect(placed.status).toBe(201)
    expect(placed.body).toMatchObject({ status: 'pending_payment', payUrl: expect.stringMatching(/^https:\/\//) })
    const row = (await db.get<{ stripe_session_id: string }>('SELECT stripe_session_id FROM orders WHERE id = ?', [placed.body.orderId as string]))!
    expect(row.stripe_session_id).toMatch(/^cs_/)

    const payload = eventFor('checkout.session.completed', placed.body.orderId as string, row.stripe_session_id)
    expect((await webhook(payload, 'v1=forged,t=1')).status).toBe(400)
    const wrongSecret = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' })
    expect((await webhook(payload, wrongSecret)).status).toBe(400)
    const signed = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
    expect((await webhook(payload, signed)).status).toBe(200)
    expect(await db.get('SELECT status FROM orders WHERE id = ?', [placed.body.orderId as string])).toEqual({ status: 'paid' })
  })

  it('an unpaid reservation expires on the server\'s sweep and its stock returns', async () => {
    const before = (await db.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', ['api-rush']))!.stock
    const placed = await guest.order(SHOW, [{ productId: 'api-rush', quantity: 2 }], { email: 'slow@example.com' })
    expect(placed.status).toBe(201)
    expect((await db.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', ['api-rush']))!.stock).toBe(before - 2)
    // 3 s reservation; the sweep runs every 15 s.
    await eventually(async () => (await db.get<{ status: string }>('SELECT status FROM orders WHERE id = ?', [placed.body.orderId as string]))?.status === 'expired', { timeoutMs: 40_000, intervalMs: 500 })
    expect((await db.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', ['api-rush']))!.stock).toBe(before)
  })
})
