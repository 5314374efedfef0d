// Pricing and placing orders. The server prices every line from the database (flash sale price while
// the sale runs, else the variant's or product's price); the client's numbers are never read.
// Stock is reserved in one transaction with conditional updates (`stock = stock - q WHERE stock >= q`),
// all-or-nothing across the items, and the idempotency key is unique, so a double tap or a retry finds
// the first order instead of making a second one. Same SQL on SQLite and PostgreSQL.
import { randomBytes, randomUUID } from 'node:crypto'
import { createError } from 'h3'
import type { Db, DbExecutor } from '../db'
import { formatMoney } from '../../../shared/utils/money'
import type { OrderItemInput, OrderQuote, OrderRequest, OrderResponse, OrderStatus, QuoteLine, SoldOutItem } from '../../../shared/types/shop'

interface ProductRow { id: string, host_id: string, title: string, price: number, currency: string, stock: number }
interface VariantRow { id: string, product_id: string, name: string, price: number | null, stock: number }
export interface FlashSaleRow {
  id: string
  show_id: string
  product_id: string
  variant_id: string | null
  price: number
  currency: string
  quantity: number
  remaining: number
  per_buyer_limit: number
  starts_at: number
  ends_at: number
  ended_at: number | null
}
interface OrderRow { id: string, number: string, status: OrderStatus, total: number, currency: string, pay_url: string | null, buyer_email: string }

interface PricedLine extends QuoteLine {
  sale: FlashSaleRow | null
}

interface Pricing {
  show: { id: string, host_id: string }
  lines: PricedLine[]
  total: number
  currency: string
}

const badRequest = (message: string) => createError({ statusCode: 400, statusMessage: 'Bad Request', message })
const conflict = (message: string, data?: Record<string, unknown>) => createError({ statusCode: 409, statusMessage: 'Conflict', message, data })

/** A flash sale is running when it was not ended early and its end is still ahead (server clock). */
export const saleIsRunning = (sale: FlashSaleRow, now: number) => sale.ended_at === null && sale.ends_at > now

/** Items naming the same product and variant become one line (a cart may hold both taps). */
function mergeItems(items: OrderItemInput[]): OrderItemInput[] {
  const merged = new Map<string, OrderItemInput>()
  for (const item of items) {
    const key = `${item.productId}\n${item.variantId ?? ''}`
    const found = merged.get(key)
    if (found) found.quantity += item.quantity
    else merged.set(key, { ...item })
  }
  return [...merged.values()]
}

/** Prices the items from the database; 404 unknown show, 400 per item, 409 a flash sale that ended. */
export async function priceItems(db: DbExecutor, showId: string, rawItems: OrderItemInput[], now = Date.now()): Promise<Pricing> {
  const show = await db.get<{ id: string, host_id: string }>('SELECT id, host_id FROM shows WHERE id = ?', [showId])
  if (!show) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No such show: "${showId}".` })
  const items = mergeItems(rawItems)
  const productIds = [...new Set(items.map(item => item.productId))]
  const marks = productIds.map(() => '?').join(', ')
  const products = await db.all<ProductRow>(
    `SELECT p.id, p.host_id, p.title, p.price, p.currency, p.stock FROM products p
      JOIN show_products sp ON sp.product_id = p.id AND sp.show_id = ?
      WHERE p.archived = 0 AND p.id IN (${marks})`, [showId, ...productIds])
  const variants = await db.all<VariantRow>(
    `SELECT id, product_id, name, price, stock FROM product_variants WHERE archived = 0 AND product_id IN (${marks}) ORDER BY position`, productIds)
  const running = await db.all<FlashSaleRow>('SELECT * FROM flash_sales WHERE show_id = ? AND ended_at IS NULL AND ends_at > ?', [showId, now])
  const named = new Set(items.map(item => item.flashSaleId).filter((saleId): saleId is string => !!saleId))
  const namedSales = named.size
    ? await db.all<FlashSaleRow>(`SELECT * FROM flash_sales WHERE show_id = ? AND id IN (${[...named].map(() => '?').join(', ')})`, [showId, ...named])
    : []

  const lines: PricedLine[] = []
  items.forEach((item, index) => {
    const product = products.find(row => row.id === item.productId)
    if (!product) throw badRequest(`items.${index}.productId: "${item.productId}" is not in this show's lineup (it may have been removed).`)
    const own = variants.filter(row => row.product_id === product.id)
    let variant: VariantRow | undefined
    if (own.length && !item.variantId) throw badRequest(`items.${index}.variantId: choose one of ${own.map(row => row.name).join(', ')} for "${product.title}".`)
    if (item.variantId) {
      variant = own.find(row => row.id === item.variantId)
      if (!variant) throw badRequest(`items.${index}.variantId: "${product.title}" has no such option (it may have been removed).`)
    }
    const variantId = variant?.id ?? null
    const regular = variant?.price ?? product.price
    const sale = running.find(row => row.product_id === product.id && (row.variant_id === null || row.variant_id === variantId)) ?? null
    if (item.flashSaleId && sale?.id !== item.flashSaleId) {
      const seen = namedSales.find(row => row.id === item.flashSaleId)
      const ended = seen && !saleIsRunning(seen, now)
      throw conflict(
        ended
          ? `The flash sale on "${product.title}" has ended; the price is ${formatMoney(regular, product.currency)} again. Check your cart and order again.`
          : `The flash sale you saw for "${product.title}" is not running. Check your cart and order again.`,
        { code: 'flash_sale_ended', flashSaleId: item.flashSaleId, productId: product.id },
      )
    }
    if (sale && item.quantity > sale.per_buyer_limit) {
      throw conflict(`The flash sale allows ${sale.per_buyer_limit} of "${product.title}" per buyer; lower the quantity.`, { code: 'over_limit', flashSaleId: sale.id, limit: sale.per_buyer_limit })
    }
    const unitPrice = sale ? sale.price : regular
    const stock = variant ? variant.stock : product.stock
    lines.push({
      productId: product.id,
      variantId,
      title: product.title,
      variantName: variant?.name ?? null,
      unitPrice,
      quantity: item.quantity,
      lineTotal: unitPrice * item.quantity,
      flashSaleId: sale?.id ?? null,
      available: sale ? Math.min(sale.remaining, stock) : stock,
      sale,
    })
  })
  const currencies = new Set(products.map(row => row.currency))
  if (currencies.size > 1) throw badRequest(`items: one currency per order (this cart mixes ${[...currencies].join(' and ')}); order them separately.`)
  const currency = products[0]!.currency
  return { show, lines, total: lines.reduce((sum, line) => sum + line.lineTotal, 0), currency }
}

export async function quoteOrder(db: Db, showId: string, items: OrderItemInput[], now = Date.now()): Promise<OrderQuote> {
  const { lines, total, currency } = await priceItems(db, showId, items, now)
  return { lines: lines.map(({ sale: _sale, ...line }) => line), total, currency }
}

export interface PlaceOrderOptions {
  payment: 'invoice' | 'stripe'
  /** Unpaid card orders release their stock after this long (ms). */
  reservationMs: number
  now?: number
}

export interface PlacedOrder extends OrderResponse {
  /** false when the idempotency key found an earlier order. */
  created: boolean
  showId: string
  hostId: string
  /** The flash sales whose remaining units changed (to publish). */
  saleIds: string[]
  lines: QuoteLine[]
}

/** Crockford-style base32 without look-alikes: an order number a person can read out. */
const NUMBER_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
function orderNumber(): string {
  const bytes = randomBytes(8)
  return `LS-${[...bytes].map(byte => NUMBER_ALPHABET[byte % NUMBER_ALPHABET.length]).join('')}`
}

function toResponse(row: OrderRow): OrderResponse {
  return { orderId: row.id, number: row.number, status: row.status, total: row.total, currency: row.currency, ...(row.pay_url ? { payUrl: row.pay_url } : {}) }
}

const normaliseEmail = (email: string) => email.trim().toLowerCase()

/**
 * Places the order: prices it, then in one transaction records it and reserves every line's stock
 * (and flash sale units within the per-buyer limit for the email and the device), or nothing.
 * 409 with `data.soldOut` when any line cannot be reserved.
 */
export async function placeOrder(db: Db, request: OrderRequest, options: PlaceOrderOptions): Promise<PlacedOrder> {
  const now = options.now ?? Date.now()
  const email = normaliseEmail(request.buyer.email)
  const findExisting = async (tx: DbExecutor) => {
    const row = await tx.get<OrderRow & { show_id: string, host_id: string }>('SELECT id, number, status, total, currency, pay_url, buyer_email, show_id, host_id FROM orders WHERE idempotency_key = ?', [request.idempotencyKey])
    if (!row) return null
    if (row.buyer_email !== email || row.show_id !== request.showId) {
      throw conflict('This idempotency key was already used for another order. Start a new checkout.', { code: 'idempotency_key_reused' })
    }
    return { ...toResponse(row), created: false, showId: row.show_id, hostId: row.host_id, saleIds: [], lines: [] }
  }
  // A retry of an order that went through answers at once, without pricing again.
  const earlier = await findExisting(db)
  if (earlier) return earlier

  const pricing = await priceItems(db, request.showId, request.items, now)
  const orderId = randomUUID()
  const status: OrderStatus = options.payment === 'stripe' ? 'pending_payment' : 'reserved'
  const expiresAt = options.payment === 'stripe' ? now + options.reservationMs : null
  const buyerKeys = [`email:${email}`, ...(request.deviceId ? [`device:${request.deviceId}`] : [])]
  // Rows are always locked in the same order (by product, then variant), so two PostgreSQL
  // transactions reserving the same items cannot deadlock.
  const lines = [...pricing.lines].sort((a, b) => `${a.productId}\n${a.variantId}`.localeCompare(`${b.productId}\n${b.variantId}`))

  return db.transaction(async (tx) => {
    const inserted = await tx.run(
      `INSERT INTO orders (id, number, show_id, host_id, status, buyer_name, buyer_email, buyer_address, device_id, total, currency, payment, idempotency_key, expires_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
      [orderId, orderNumber(), pricing.show.id, pricing.show.host_id, status, request.buyer.name, email,
        request.buyer.address ? JSON.stringify(request.buyer.address) : null, request.deviceId ?? null,
        pricing.total, pricing.currency, options.payment, request.idempotencyKey, expiresAt, now, now])
    if (inserted.changes === 0) {
      // The same key committed meanwhile (a concurrent double tap).
      const existing = await findExisting(tx)
      if (existing) return existing
      throw conflict('This order is being placed already; wait a moment and check your orders.')
    }

    const soldOut: SoldOutItem[] = []
    for (const line of lines) {
      const reserved = line.variantId
        ? await tx.run('UPDATE product_variants SET stock = stock - ? WHERE id = ? AND stock >= ?', [line.quantity, line.variantId, line.quantity])
        : await tx.run('UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ? AND stock >= ?', [line.quantity, now, line.productId, line.quantity])
      let available: number | null = null
      if (reserved.changes !== 1) {
        const row = line.variantId
          ? await tx.get<{ stock: number }>('SELECT stock FROM product_variants WHERE id = ?', [line.variantId])
          : await tx.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', [line.productId])
        available = row?.stock ?? 0
      }
      if (line.sale) {
        const claimed = await tx.run('UPDATE flash_sales SET remaining = remaining - ? WHERE id = ? AND remaining >= ? AND ended_at IS NULL AND ends_at > ?', [line.quantity, line.sale.id, line.quantity, now])
        if (claimed.changes !== 1) {
          const sale = await tx.get<FlashSaleRow>('SELECT * FROM flash_sales WHERE id = ?', [line.sale.id])
          if (sale && !saleIsRunning(sale, now)) {
            throw conflict(`The flash sale on "${line.title}" has ended. Check your cart and order again.`, { code: 'flash_sale_ended', flashSaleId: line.sale.id, productId: line.productId })
          }
          available = Math.min(available ?? Number.POSITIVE_INFINITY, sale?.remaining ?? 0)
        }
        for (const key of buyerKeys) {
          const within = await tx.run(
            `INSERT INTO flash_sale_claims (sale_id, buyer_key, quantity) VALUES (?, ?, ?)
              ON CONFLICT (sale_id, buyer_key) DO UPDATE SET quantity = flash_sale_claims.quantity + excluded.quantity
              WHERE flash_sale_claims.quantity + excluded.quantity <= ?`,
            [line.sale.id, key, line.quantity, line.sale.per_buyer_limit])
          if (within.changes !== 1) {
            const who = key.startsWith('email:') ? 'this email address' : 'this device'
            throw conflict(`You have reached the flash sale's limit of ${line.sale.per_buyer_limit} "${line.title}" for ${who}.`, { code: 'over_limit', flashSaleId: line.sale.id, limit: line.sale.per_buyer_limit })
          }
        }
      }
      if (available !== null) soldOut.push({ productId: line.productId, variantId: line.variantId, title: line.variantName ? `${line.title} (${line.variantName})` : line.title, available })
    }
    if (soldOut.length) {
      const names = soldOut.map(item => item.available > 0 ? `"${item.title}" (only ${item.available} left)` : `"${item.title}"`).join(', ')
      const allGone = soldOut.every(item => item.available === 0)
      throw conflict(`${allGone ? 'Sold out' : 'Not enough left'}: ${names}. Nothing was charged or reserved; change your cart and try again.`, { code: 'sold_out', soldOut })
    }

    let position = 0
    for (const line of pricing.lines) {
      await tx.run(
        'INSERT INTO order_items (order_id, position, product_id, variant_id, title, variant_name, unit_price, quantity, flash_sale_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [orderId, position++, line.productId, line.variantId, line.title, line.variantName, line.unitPrice, line.quantity, line.flashSaleId])
    }
    const row = await tx.get<OrderRow>('SELECT id, number, status, total, currency, pay_url, buyer_email FROM orders WHERE id = ?', [orderId])
    return {
      ...toResponse(row!),
      created: true,
      showId: pricing.show.id,
      hostId: pricing.show.host_id,
      saleIds: [...new Set(pricing.lines.map(line => line.flashSaleId).filter((saleId): saleId is string => !!saleId))],
      lines: pricing.lines.map(({ sale: _sale, ...line }) => line),
    }
  })
}
