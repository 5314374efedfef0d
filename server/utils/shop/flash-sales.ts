// Flash sales: a sale price for a limited number of units, for a limited time (≥ 30 s), with a
// per-buyer limit. One sale runs per show at a time. Orders claim units in orders.ts; this file
// starts and ends sales and says what the live state should show.
import { randomUUID } from 'node:crypto'
import { createError } from 'h3'
import type { Db, DbExecutor } from '../db'
import type { FlashSaleState } from '../../../shared/types/live-state'
import type { FlashSaleRequest } from '../../../shared/types/shop'
import { formatMoney } from '../../../shared/utils/money'
import { saleIsRunning, type FlashSaleRow } from './orders'

export async function findRunningSale(db: DbExecutor, showId: string, now = Date.now()): Promise<FlashSaleRow | null> {
  return (await db.get<FlashSaleRow>('SELECT * FROM flash_sales WHERE show_id = ? AND ended_at IS NULL AND ends_at > ? ORDER BY ends_at DESC', [showId, now])) ?? null
}

export function toFlashSaleState(sale: FlashSaleRow | null): FlashSaleState | null {
  if (!sale) return null
  return {
    id: sale.id,
    productId: sale.product_id,
    variantId: sale.variant_id,
    price: sale.price,
    currency: sale.currency,
    quantity: sale.quantity,
    remaining: sale.remaining,
    perBuyerLimit: sale.per_buyer_limit,
    endsAt: sale.ends_at,
  }
}

const badRequest = (message: string) => createError({ statusCode: 400, statusMessage: 'Bad Request', message })
const conflict = (message: string) => createError({ statusCode: 409, statusMessage: 'Conflict', message })

/** Starts a sale; 400 for a product outside the lineup, 409 while another sale runs or stock is short. */
export async function createFlashSale(db: Db, showId: string, input: FlashSaleRequest, now = Date.now()): Promise<FlashSaleRow> {
  const product = await db.get<{ id: string, title: string, price: number, currency: string, stock: number }>(
    `SELECT p.id, p.title, p.price, p.currency, p.stock FROM products p JOIN show_products sp ON sp.product_id = p.id AND sp.show_id = ?
      WHERE p.id = ? AND p.archived = 0`, [showId, input.productId])
  if (!product) throw badRequest(`productId: "${input.productId}" is not in this show's lineup. Add it to the show first.`)
  const variants = await db.all<{ id: string, name: string, price: number | null, stock: number }>('SELECT id, name, price, stock FROM product_variants WHERE product_id = ? AND archived = 0', [product.id])
  let stock = product.stock
  let regular = product.price
  if (input.variantId) {
    const variant = variants.find(row => row.id === input.variantId)
    if (!variant) throw badRequest(`variantId: "${product.title}" has no such option.`)
    stock = variant.stock
    regular = variant.price ?? product.price
  }
  else if (variants.length) {
    stock = variants.reduce((sum, row) => sum + row.stock, 0)
  }
  if (input.price >= regular) throw badRequest(`price: a sale price must be below the regular price (${formatMoney(regular, product.currency)}).`)
  if (input.quantity > stock) throw conflict(`Only ${stock} of "${product.title}" in stock; lower the sale quantity to ${stock} or less.`)
  if (input.perBuyerLimit > input.quantity) throw badRequest('perBuyerLimit: must not be more than the sale quantity.')

  const id = randomUUID()
  const endsAt = now + input.durationSeconds * 1000
  return db.transaction(async (tx) => {
    const running = await findRunningSale(tx, showId, now)
    if (running) throw conflict(`A flash sale is running until ${new Date(running.ends_at).toISOString().slice(11, 19)} UTC; end it before starting another.`)
    await tx.run(
      `INSERT INTO flash_sales (id, show_id, product_id, variant_id, price, currency, quantity, remaining, per_buyer_limit, starts_at, ends_at, ended_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
      [id, showId, product.id, input.variantId ?? null, input.price, product.currency, input.quantity, input.quantity, input.perBuyerLimit, now, endsAt, now])
    return (await tx.get<FlashSaleRow>('SELECT * FROM flash_sales WHERE id = ?', [id]))!
  })
}

/** Ends a running sale now; 404 unknown, 409 when it had already ended. */
export async function endFlashSale(db: Db, showId: string, saleId: string, now = Date.now()): Promise<FlashSaleRow> {
  const sale = await db.get<FlashSaleRow>('SELECT * FROM flash_sales WHERE id = ? AND show_id = ?', [saleId, showId])
  if (!sale) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: 'No such flash sale in this show.' })
  const ended = await db.run('UPDATE flash_sales SET ended_at = ? WHERE id = ? AND ended_at IS NULL AND ends_at > ?', [now, saleId, now])
  if (ended.changes !== 1 || !saleIsRunning(sale, now)) throw conflict('This flash sale has already ended.')
  return (await db.get<FlashSaleRow>('SELECT * FROM flash_sales WHERE id = ?', [saleId]))!
}
