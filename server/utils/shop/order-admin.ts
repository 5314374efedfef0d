// What happens to an order after it is placed: the host marks it paid / shipped / cancelled, a card
// payment confirms it, an unpaid card reservation expires. Cancelling and expiring give the stock
// back (and the flash sale units, while that sale still runs) in the same transaction as the status.
import { createError } from 'h3'
import type { Db, DbExecutor } from '../db'
import type { BuyerAddress, HostOrderStatus, OrderRecord, OrderStatus } from '../../../shared/types/shop'

/** From which statuses a host may move an order to each status. */
export const ORDER_TRANSITIONS: Record<HostOrderStatus, OrderStatus[]> = {
  paid: ['reserved', 'pending_payment'],
  shipped: ['reserved', 'paid'],
  cancelled: ['reserved', 'pending_payment', 'paid'],
}

const marks = (values: unknown[]) => values.map(() => '?').join(', ')

interface ReleasedOrder { showId: string, saleIds: string[] }

/**
 * Moves the order to `to` when its status is one of `from`, returning its stock. Null when the order
 * was not in one of those statuses (someone else changed it first): nothing is released twice.
 */
export async function releaseOrder(db: Db, orderId: string, to: 'cancelled' | 'expired', from: OrderStatus[], now = Date.now()): Promise<ReleasedOrder | null> {
  return db.transaction(async (tx) => {
    const changed = await tx.run(`UPDATE orders SET status = ?, expires_at = NULL, updated_at = ? WHERE id = ? AND status IN (${marks(from)})`, [to, now, orderId, ...from])
    if (changed.changes !== 1) return null
    const order = (await tx.get<{ show_id: string, buyer_email: string, device_id: string | null }>('SELECT show_id, buyer_email, device_id FROM orders WHERE id = ?', [orderId]))!
    const items = await tx.all<{ product_id: string, variant_id: string | null, quantity: number, flash_sale_id: string | null }>(
      'SELECT product_id, variant_id, quantity, flash_sale_id FROM order_items WHERE order_id = ? ORDER BY product_id, variant_id', [orderId])
    const saleIds = new Set<string>()
    for (const item of items) {
      if (item.variant_id) await tx.run('UPDATE product_variants SET stock = stock + ? WHERE id = ?', [item.quantity, item.variant_id])
      else await tx.run('UPDATE products SET stock = stock + ?, updated_at = ? WHERE id = ?', [item.quantity, now, item.product_id])
      if (!item.flash_sale_id) continue
      // Units go back to a sale that still runs (and the buyer may claim again); after the sale they
      // are ordinary stock again, which the line above already returned.
      const back = await tx.run('UPDATE flash_sales SET remaining = remaining + ? WHERE id = ? AND ended_at IS NULL AND ends_at > ?', [item.quantity, item.flash_sale_id, now])
      if (back.changes === 1) {
        saleIds.add(item.flash_sale_id)
        const keys = [`email:${order.buyer_email}`, ...(order.device_id ? [`device:${order.device_id}`] : [])]
        await tx.run(`UPDATE flash_sale_claims SET quantity = quantity - ? WHERE sale_id = ? AND quantity >= ? AND buyer_key IN (${marks(keys)})`, [item.quantity, item.flash_sale_id, item.quantity, ...keys])
      }
    }
    return { showId: order.show_id, saleIds: [...saleIds] }
  })
}

export interface OrderScope {
  /** Only this host's orders; undefined = every order (ops). */
  hostId?: string
}

interface OrderListRow {
  id: string
  number: string
  show_id: string
  show_title: string
  host_id: string
  status: OrderStatus
  buyer_name: string
  buyer_email: string
  buyer_address: string | null
  total: number
  currency: string
  payment: 'invoice' | 'stripe'
  created_at: number
  updated_at: number
}

async function toRecords(db: DbExecutor, rows: OrderListRow[]): Promise<OrderRecord[]> {
  if (!rows.length) return []
  const items = await db.all<{ order_id: string, product_id: string, variant_id: string | null, title: string, variant_name: string | null, unit_price: number, quantity: number, flash_sale_id: string | null }>(
    `SELECT order_id, product_id, variant_id, title, variant_name, unit_price, quantity, flash_sale_id FROM order_items WHERE order_id IN (${marks(rows)}) ORDER BY order_id, position`,
    rows.map(row => row.id))
  return rows.map(row => ({
    id: row.id,
    number: row.number,
    showId: row.show_id,
    showTitle: row.show_title,
    status: row.status,
    buyerName: row.buyer_name,
    buyerEmail: row.buyer_email,
    buyerAddress: row.buyer_address ? JSON.parse(row.buyer_address) as BuyerAddress : null,
    total: row.total,
    currency: row.currency,
    payment: row.payment,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    items: items.filter(item => item.order_id === row.id).map(item => ({
      productId: item.product_id,
      variantId: item.variant_id,
      title: item.title,
      variantName: item.variant_name,
      unitPrice: item.unit_price,
      quantity: item.quantity,
      flashSaleId: item.flash_sale_id,
    })),
  }))
}

const ORDER_SELECT = `SELECT o.id, o.number, o.show_id, s.title AS show_title, o.host_id, o.status, o.buyer_name, o.buyer_email,
  o.buyer_address, o.total, o.currency, o.payment, o.created_at, o.updated_at FROM orders o JOIN shows s ON s.id = o.show_id`

/** Newest first; at most `limit` (the page and the CSV export share it). */
export async function listOrders(db: Db, scope: OrderScope, filter: { showId?: string, status?: OrderStatus } = {}, limit = 2000): Promise<OrderRecord[]> {
  const where: string[] = []
  const params: (string | number)[] = []
  const add = (clause: string, value: string | undefined) => {
    if (!value) return
    where.push(clause)
    params.push(value)
  }
  add('o.host_id = ?', scope.hostId)
  add('o.show_id = ?', filter.showId)
  add('o.status = ?', filter.status)
  const rows = await db.all<OrderListRow>(`${ORDER_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at DESC, o.id LIMIT ${Number(limit)}`, params)
  return toRecords(db, rows)
}

export async function getOrder(db: Db, orderId: string, scope: OrderScope): Promise<OrderRecord> {
  const row = await db.get<OrderListRow>(`${ORDER_SELECT} WHERE o.id = ?`, [orderId])
  if (!row || (scope.hostId && row.host_id !== scope.hostId)) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found', message: 'No such order (or it belongs to another host\'s show).' })
  }
  return (await toRecords(db, [row]))[0]!
}

/** The host's change on the orders page; 409 when the order's status does not allow it. */
export async function setOrderStatus(db: Db, orderId: string, status: HostOrderStatus, scope: OrderScope, now = Date.now()): Promise<{ order: OrderRecord, released: ReleasedOrder | null }> {
  const before = await getOrder(db, orderId, scope)
  const from = ORDER_TRANSITIONS[status]
  if (before.status === status) return { order: before, released: null }
  let released: ReleasedOrder | null = null
  let changed: boolean
  if (status === 'cancelled') {
    released = await releaseOrder(db, orderId, 'cancelled', from, now)
    changed = !!released
  }
  else {
    changed = (await db.run(`UPDATE orders SET status = ?, expires_at = NULL, updated_at = ? WHERE id = ? AND status IN (${marks(from)})`, [status, now, orderId, ...from])).changes === 1
  }
  const order = await getOrder(db, orderId, scope)
  if (!changed) {
    throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `Order ${order.number} is ${order.status.replace('_', ' ')}; it cannot be marked ${status}.` })
  }
  return { order, released }
}

/** Card orders whose reservation ran out (oldest first). */
export async function dueReservations(db: Db, now = Date.now()): Promise<{ id: string, stripe_session_id: string | null }[]> {
  return db.all('SELECT id, stripe_session_id FROM orders WHERE status = ? AND expires_at <= ? ORDER BY expires_at LIMIT 100', ['pending_payment', now])
}

/** Stripe confirmed the payment: pending → paid. False when the order was not pending any more. */
export async function markOrderPaid(db: Db, orderId: string, sessionId: string, now = Date.now()): Promise<boolean> {
  const changed = await db.run('UPDATE orders SET status = ?, expires_at = NULL, updated_at = ? WHERE id = ? AND stripe_session_id = ? AND status = ?', ['paid', now, orderId, sessionId, 'pending_payment'])
  return changed.changes === 1
}
