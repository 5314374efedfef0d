// Orders on both real backends (a SQLite file; PostgreSQL in a schema of this file's own, dropped
// afterwards): server-side prices, all-or-nothing reservations, idempotency keys, flash sale limits,
// cancel/expiry giving stock back — and 500 concurrent orders for 20 units selling exactly 20.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/utils/db'
import { dbBackends } from './support/db-backends'
import { BUILTIN_HOST_ID } from '../../server/db/schema/catalog'
import { placeOrder, quoteOrder, type PlaceOrderOptions } from '../../server/utils/shop/orders'
import { dueReservations, listOrders, releaseOrder, setOrderStatus } from '../../server/utils/shop/order-admin'
import { createFlashSale, endFlashSale } from '../../server/utils/shop/flash-sales'
import { recordSpotlight, recordViewerEvents } from '../../server/utils/shop/shop-events'
import { shopStats } from '../../server/utils/shop/shop-stats'
import { ordersToCsv } from '../../server/utils/shop/orders-csv'
import type { OrderRequest } from '../../shared/types/shop'

const { backends, opened } = dbBackends('shop', 'shop.sqlite')
const INVOICE: PlaceOrderOptions = { payment: 'invoice', reservationMs: 15 * 60_000 }

async function seed(db: Db) {
  const now = Date.now()
  const product = (id: string, title: string, price: number, stock: number, currency = 'EUR') =>
    db.run('INSERT INTO products (id, host_id, title, price, currency, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [id, BUILTIN_HOST_ID, title, price, currency, stock, now, now])
  await db.run('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['show-a', BUILTIN_HOST_ID, 'Spring drop', 'live', now, now])
  await product('mug', 'Mug', 1200, 20)
  await product('tee', 'Tee', 2000, 0)
  await product('rush', 'Limited print', 4500, 20)
  await product('dollar', 'Cap', 1500, 5, 'USD')
  await product('outside', 'Not in the show', 900, 5)
  await product('sale', 'Scarf', 3000, 10)
  await db.run('INSERT INTO product_variants (id, product_id, name, price, stock, position) VALUES (?, ?, ?, ?, ?, ?)', ['tee-s', 'tee', 'S', null, 2, 0])
  await db.run('INSERT INTO product_variants (id, product_id, name, price, stock, position) VALUES (?, ?, ?, ?, ?, ?)', ['tee-m', 'tee', 'M', 2500, 5, 1])
  let position = 0
  for (const id of ['mug', 'tee', 'rush', 'dollar', 'sale']) {
    await db.run('INSERT INTO show_products (show_id, product_id, position) VALUES (?, ?, ?)', ['show-a', id, position++])
  }
}

const stockOf = async (db: Db, id: string) => (await db.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', [id]))!.stock
const variantStock = async (db: Db, id: string) => (await db.get<{ stock: number }>('SELECT stock FROM product_variants WHERE id = ?', [id]))!.stock

function order(items: OrderRequest['items'], buyer: Partial<OrderRequest['buyer']> = {}, extra: Partial<OrderRequest> = {}): OrderRequest {
  return {
    showId: 'show-a',
    items,
    buyer: { name: 'Ana Buyer', email: 'ana@example.com', ...buyer },
    idempotencyKey: randomUUID(),
    ...extra,
  }
}

/** The h3 error a rejected call threw (statusCode, message, data). */
async function failure(promise: Promise<unknown>) {
  try {
    await promise
  }
  catch (error) {
    return error as { statusCode: number, message: string, data?: Record<string, unknown> }
  }
  throw new Error('expected the call to fail')
}

describe.each(backends)('orders on %s', (_name, open) => {
  let db: Db
  beforeAll(async () => {
    db = await open()
    opened.push(db)
    await seed(db)
  })

  it('prices every line from the database and reserves the stock', async () => {
    const quote = await quoteOrder(db, 'show-a', [{ productId: 'mug', quantity: 2 }, { productId: 'tee', variantId: 'tee-m', quantity: 1 }, { productId: 'tee', variantId: 'tee-s', quantity: 1 }])
    expect(quote.lines.map(line => [line.title, line.variantName, line.unitPrice, line.lineTotal])).toEqual([
      ['Mug', null, 1200, 2400], ['Tee', 'M', 2500, 2500], ['Tee', 'S', 2000, 2000],
    ])
    const placed = await placeOrder(db, order([{ productId: 'mug', quantity: 2 }, { productId: 'tee', variantId: 'tee-m', quantity: 1 }]), INVOICE)
    expect(placed).toMatchObject({ created: true, status: 'reserved', total: 4900, currency: 'EUR' })
    expect(placed.number).toMatch(/^LS-[2-9A-Z]{8}$/)
    expect(await stockOf(db, 'mug')).toBe(18)
    expect(await variantStock(db, 'tee-m')).toBe(4)
  })

  it('answers 400 per item for products outside the lineup, missing options and mixed currencies', async () => {
    expect(await failure(placeOrder(db, order([{ productId: 'outside', quantity: 1 }]), INVOICE))).toMatchObject({ statusCode: 400, message: expect.stringContaining('items.0.productId') })
    expect(await failure(placeOrder(db, order([{ productId: 'mug', quantity: 1 }, { productId: 'tee', quantity: 1 }]), INVOICE))).toMatchObject({ statusCode: 400, message: expect.stringMatching(/items\.1\.variantId: choose one of S, M/) })
    expect(await failure(placeOrder(db, order([{ productId: 'mug', quantity: 1 }, { productId: 'dollar', quantity: 1 }]), INVOICE))).toMatchObject({ statusCode: 400, message: expect.stringContaining('one currency per order') })
    expect(await failure(placeOrder(db, order([{ productId: 'mug', quantity: 1 }], {}, { showId: 'nope' }), INVOICE))).toMatchObject({ statusCode: 404 })
  })

  it('reserves all items or none, and names what is short', async () => {
    const before = await stockOf(db, 'mug')
    const error = await failure(placeOrder(db, order([{ productId: 'mug', quantity: 1 }, { productId: 'tee', variantId: 'tee-s', quantity: 3 }]), INVOICE))
    expect(error.statusCode).toBe(409)
    expect(error.message).toContain('"Tee (S)" (only 2 left)')
    expect(error.data).toMatchObject({ code: 'sold_out', soldOut: [{ productId: 'tee', variantId: 'tee-s', available: 2 }] })
    expect(await stockOf(db, 'mug')).toBe(before)
    expect(await variantStock(db, 'tee-s')).toBe(2)
  })

  it('500 concurrent orders for 20 units: exactly 20 succeed, 480 get 409, stock ends at 0', async () => {
    const results = await Promise.allSettled(Array.from({ length: 500 }, (_, i) =>
      placeOrder(db, order([{ productId: 'rush', quantity: 1 }], { email: `buyer${i}@example.com` }), INVOICE)))
    const won = results.filter(result => result.status === 'fulfilled')
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    expect(won).toHaveLength(20)
    expect(lost).toHaveLength(480)
    expect(new Set(lost.map(result => result.reason.statusCode))).toEqual(new Set([409]))
    expect(await stockOf(db, 'rush')).toBe(0)
    const sold = await db.get<{ orders: number, units: number }>('SELECT COUNT(DISTINCT o.id) AS orders, SUM(i.quantity) AS units FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.product_id = ?', ['rush'])
    expect(sold).toEqual({ orders: 20, units: 20 })
  }, 30_000) // 500 fsync'd transactions: ~1 s on a quiet machine, past vitest's 5 s default on a busy one

  it('repeated idempotency keys give one order each, even when sent at the same time', async () => {
    const before = await stockOf(db, 'mug')
    const keys = Array.from({ length: 5 }, () => randomUUID())
    const requests = keys.flatMap(key => Array.from({ length: 8 }, () => order([{ productId: 'mug', quantity: 1 }], { email: 'same@example.com' }, { idempotencyKey: key })))
    const results = await Promise.all(requests.map(request => placeOrder(db, request, INVOICE)))
    for (const key of keys) {
      const forKey = results.filter((_, i) => requests[i]!.idempotencyKey === key)
      expect(new Set(forKey.map(result => result.orderId)).size).toBe(1)
      expect(forKey.filter(result => result.created)).toHaveLength(1)
    }
    expect(await stockOf(db, 'mug')).toBe(before - 5)
    const reused = await failure(placeOrder(db, order([{ productId: 'mug', quantity: 1 }], { email: 'someone-else@example.com' }, { idempotencyKey: keys[0] }), INVOICE))
    expect(reused).toMatchObject({ statusCode: 409, data: { code: 'idempotency_key_reused' } })
  })

  it('flash sale: sale price until endsAt, per-buyer limit per email and per device, refused after the end', async () => {
    // Started a minute ago (on the clock passed in), so by the next test it is over in real time too.
    const start = Date.now() - 60_000
    expect(await failure(createFlashSale(db, 'show-a', { productId: 'sale', price: 1000, quantity: 11, perBuyerLimit: 2, durationSeconds: 30 }, start))).toMatchObject({ statusCode: 409, message: expect.stringContaining('Only 10') })
    const sale = await createFlashSale(db, 'show-a', { productId: 'sale', price: 1000, quantity: 6, perBuyerLimit: 2, durationSeconds: 30 }, start)
    expect(await failure(createFlashSale(db, 'show-a', { productId: 'mug', price: 100, quantity: 1, perBuyerLimit: 1, durationSeconds: 30 }, start))).toMatchObject({ statusCode: 409, message: expect.stringContaining('A flash sale is running') })
    const at = start + 1000
    const first = await placeOrder(db, order([{ productId: 'sale', quantity: 2, flashSaleId: sale.id }], { email: 'A@Example.com' }, { deviceId: 'device-one' }), { ...INVOICE, now: at })
    expect(first.total).toBe(2000)
    expect(first.lines[0]).toMatchObject({ unitPrice: 1000, flashSaleId: sale.id })
    // Same email (any case), another device: over the limit.
    expect(await failure(placeOrder(db, order([{ productId: 'sale', quantity: 1, flashSaleId: sale.id }], { email: 'a@example.com' }, { deviceId: 'device-two' }), { ...INVOICE, now: at })))
      .toMatchObject({ statusCode: 409, data: { code: 'over_limit' }, message: expect.stringContaining('this email address') })
    // Another email on the same device: over the limit too.
    expect(await failure(placeOrder(db, order([{ productId: 'sale', quantity: 1, flashSaleId: sale.id }], { email: 'b@example.com' }, { deviceId: 'device-one' }), { ...INVOICE, now: at })))
      .toMatchObject({ statusCode: 409, data: { code: 'over_limit' }, message: expect.stringContaining('this device') })
    expect(await failure(placeOrder(db, order([{ productId: 'sale', quantity: 3 }], { email: 'c@example.com' }, { deviceId: 'device-three' }), { ...INVOICE, now: at })))
      .toMatchObject({ statusCode: 409, data: { code: 'over_limit' } })
    // Twelve buyers race for the 4 units left: 2 buyers get 2 each, the rest hear "sold out".
    const rush = await Promise.allSettled(Array.from({ length: 12 }, (_, i) =>
      placeOrder(db, order([{ productId: 'sale', quantity: 2, flashSaleId: sale.id }], { email: `r${i}@example.com` }, { deviceId: `device-r${i}` }), { ...INVOICE, now: at })))
    expect(rush.filter(result => result.status === 'fulfilled')).toHaveLength(2)
    expect((await db.get<{ remaining: number }>('SELECT remaining FROM flash_sales WHERE id = ?', [sale.id]))!.remaining).toBe(0)
    expect(await stockOf(db, 'sale')).toBe(4)
    // After endsAt: the sale price is refused with a message; without the sale, the regular price.
    const after = sale.ends_at + 1
    expect(await failure(placeOrder(db, order([{ productId: 'sale', quantity: 1, flashSaleId: sale.id }], { email: 'late@example.com' }), { ...INVOICE, now: after })))
      .toMatchObject({ statusCode: 409, data: { code: 'flash_sale_ended' }, message: expect.stringContaining('has ended; the price is €30.00 again') })
    const regular = await placeOrder(db, order([{ productId: 'sale', quantity: 1 }], { email: 'late@example.com' }), { ...INVOICE, now: after })
    expect(regular.total).toBe(3000)
    expect(await failure(endFlashSale(db, 'show-a', sale.id, after))).toMatchObject({ statusCode: 409 })
  })

  it('ending a sale early refuses its price at once', async () => {
    const start = Date.now()
    const sale = await createFlashSale(db, 'show-a', { productId: 'mug', price: 600, quantity: 3, perBuyerLimit: 1, durationSeconds: 60 }, start)
    await endFlashSale(db, 'show-a', sale.id, start + 10)
    expect(await failure(placeOrder(db, order([{ productId: 'mug', quantity: 1, flashSaleId: sale.id }], { email: 'early@example.com' }), { ...INVOICE, now: start + 20 })))
      .toMatchObject({ statusCode: 409, data: { code: 'flash_sale_ended' } })
  })

  it('cancelling returns the stock once; a shipped order cannot be cancelled', async () => {
    const before = await stockOf(db, 'mug')
    const placed = await placeOrder(db, order([{ productId: 'mug', quantity: 3 }], { email: 'cancel@example.com', address: { line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' } }), INVOICE)
    expect(await stockOf(db, 'mug')).toBe(before - 3)
    const { order: cancelled } = await setOrderStatus(db, placed.orderId, 'cancelled', { hostId: BUILTIN_HOST_ID })
    expect(cancelled.status).toBe('cancelled')
    expect(await stockOf(db, 'mug')).toBe(before)
    expect(await releaseOrder(db, placed.orderId, 'cancelled', ['reserved', 'paid'])).toBeNull()
    expect(await stockOf(db, 'mug')).toBe(before)
    expect(await failure(setOrderStatus(db, placed.orderId, 'shipped', { hostId: BUILTIN_HOST_ID }))).toMatchObject({ statusCode: 409, message: expect.stringContaining('is cancelled') })
    expect(await failure(setOrderStatus(db, placed.orderId, 'paid', { hostId: 'another-host' }))).toMatchObject({ statusCode: 404 })

    const shipped = await placeOrder(db, order([{ productId: 'mug', quantity: 1 }], { email: 'ship@example.com' }), INVOICE)
    await setOrderStatus(db, shipped.orderId, 'paid', { hostId: BUILTIN_HOST_ID })
    await setOrderStatus(db, shipped.orderId, 'shipped', { hostId: BUILTIN_HOST_ID })
    expect(await failure(setOrderStatus(db, shipped.orderId, 'cancelled', { hostId: BUILTIN_HOST_ID }))).toMatchObject({ statusCode: 409 })
  })

  it('an unpaid card reservation expires and returns its stock', async () => {
    const before = await stockOf(db, 'mug')
    const start = Date.now()
    const placed = await placeOrder(db, order([{ productId: 'mug', quantity: 2 }], { email: 'card@example.com' }), { payment: 'stripe', reservationMs: 60_000, now: start })
    expect(placed.status).toBe('pending_payment')
    expect((await dueReservations(db, start + 59_000)).map(row => row.id)).not.toContain(placed.orderId)
    expect((await dueReservations(db, start + 60_000)).map(row => row.id)).toContain(placed.orderId)
    expect(await releaseOrder(db, placed.orderId, 'expired', ['pending_payment'])).not.toBeNull()
    expect(await stockOf(db, 'mug')).toBe(before)
  })

  it('lists, filters and exports orders; counts conversion per product', async () => {
    const all = await listOrders(db, { hostId: BUILTIN_HOST_ID }, { showId: 'show-a' })
    expect(all.length).toBeGreaterThan(20)
    expect(await listOrders(db, { hostId: 'another-host' })).toEqual([])
    const cancelled = await listOrders(db, {}, { status: 'cancelled' })
    expect(cancelled.every(row => row.status === 'cancelled')).toBe(true)
    const csv = ordersToCsv(cancelled)
    expect(csv.split('\r\n')[0]).toBe('number,created,show,status,buyer,email,address,items,total,currency,payment')
    expect(csv).toContain('3 × Mug @ 12.00')
    expect(csv).toContain('"1 Main St, 69001 Lyon, FR"')
    expect(ordersToCsv([{ ...cancelled[0]!, buyerName: '=HYPERLINK("x")' }])).toContain('"\'=HYPERLINK(""x"")"')

    await recordSpotlight(db, 'show-a', ['rush'], Date.now() - 60_000)
    await recordViewerEvents(db, { showId: 'show-a', deviceId: 'device-v1', events: [{ type: 'card_view', productId: 'rush', at: Date.now() }, { type: 'add_to_cart', productId: 'rush', at: Date.now() }, { type: 'card_view', productId: 'outside', at: Date.now() }] })
    await recordViewerEvents(db, { showId: 'show-a', deviceId: 'device-v2', events: [{ type: 'card_view', productId: 'rush', at: 1 }] })
    const stats = await shopStats(db, 'show-a')
    const rush = stats.products.find(row => row.productId === 'rush')!
    expect(rush).toMatchObject({ cardViews: 2, viewersReached: 2, addToCarts: 1, orders: 20, units: 20, revenue: 20 * 4500 })
    expect(rush.spotlightSeconds).toBeGreaterThanOrEqual(59)
    expect(stats.timeline.map(mark => mark.type)).toEqual(expect.arrayContaining(['spotlight', 'sale_start', 'sale_end']))
    expect(stats.revenuePerMinute.reduce((sum, [, revenue]) => sum + revenue, 0)).toBe(stats.revenue)
    expect(await db.get('SELECT COUNT(*) AS n FROM shop_events WHERE product_id = ?', ['outside'])).toEqual({ n: 0 })
  })
})
