// The shop inside the running server: configuration (Stripe or pay later, reservation time), the
// live state a sale or a spotlight changes, and the sweep that expires unpaid card reservations.
// The database logic lives in server/utils/shop/ (tested on both backends without Nitro).
import type Stripe from 'stripe'
import type { H3Event } from 'h3'
import { createCheckoutSession, createStripeClient, type StripeSettings } from './shop/stripe'
import type { PlacedOrder } from './shop/orders'
import { recordSpotlight } from './shop/shop-events'
import { findRunningSale, toFlashSaleState } from './shop/flash-sales'
import { dueReservations, releaseOrder } from './shop/order-admin'

export interface ShopConfig {
  reservationMs: number
  stripe: StripeSettings | null
}

let shopConfigCache: ShopConfig | undefined

export function resolveShopConfig(): ShopConfig {
  if (shopConfigCache) return shopConfigCache
  const rc = useRuntimeConfig().shop
  const read = (value: string, name: string) => value || process.env[name]?.trim() || ''
  const secretKey = read(rc.stripeSecretKey, 'STRIPE_SECRET_KEY')
  const minutes = Number(rc.reservationMinutes)
  shopConfigCache = {
    reservationMs: (Number.isFinite(minutes) && minutes > 0 ? minutes : 15) * 60_000,
    stripe: secretKey
      ? { secretKey, webhookSecret: read(rc.stripeWebhookSecret, 'STRIPE_WEBHOOK_SECRET'), apiBase: read(rc.stripeApiBase, 'STRIPE_API_BASE') }
      : null,
  }
  return shopConfigCache
}

let stripeClient: Stripe | undefined

/** The Stripe client when STRIPE_SECRET_KEY is set, else null (orders are reserved, paid later). */
export function useStripeClient(): Stripe | null {
  const settings = resolveShopConfig().stripe
  if (!settings) return null
  stripeClient ??= createStripeClient(settings)
  return stripeClient
}

/** Where Stripe sends the buyer back: the show's watch page. */
export function checkoutReturnUrl(event: H3Event, showId: string): string {
  return new URL(`/watch/${encodeURIComponent(showId)}`, getRequestURL(event).origin).toString()
}

// One live-state write per show at a time; orders arriving meanwhile fold into one more write, so a
// rush of orders costs a couple of metadata updates, not one each (and never fails an order).
const syncing = new Map<string, { again: boolean, done: Promise<void> }>()

/** Puts the show's running flash sale (units left, or none) into the live state. Never throws. */
export function syncFlashSaleState(showId: string): Promise<void> {
  const running = syncing.get(showId)
  if (running) {
    running.again = true
    return running.done
  }
  const mark = { again: true, done: Promise.resolve() }
  mark.done = (async () => {
    try {
      while (mark.again) {
        mark.again = false
        const sale = toFlashSaleState(await findRunningSale(await requireDb(), showId))
        await updateLiveState(showId, (state) => {
          state.flashSale = sale
        })
      }
    }
    catch (error) {
      console.warn(`[shop] could not publish the flash sale of ${showId}: ${error instanceof Error ? error.message : error}`)
    }
    finally {
      syncing.delete(showId)
    }
  })()
  syncing.set(showId, mark)
  return mark.done
}

/** Puts 0–3 products of the show's lineup on every viewer's screen; 400 for one outside the lineup. */
export async function setShowSpotlight(showId: string, productIds: string[]) {
  const db = await requireDb()
  const lineup = new Set((await db.all<{ product_id: string }>('SELECT product_id FROM show_products WHERE show_id = ?', [showId])).map(row => row.product_id))
  const missing = productIds.filter(id => !lineup.has(id))
  if (missing.length) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: `productIds: ${missing.map(id => `"${id}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in this show's lineup. Add ${missing.length > 1 ? 'them' : 'it'} to the show first.` })
  }
  const state = await updateLiveState(showId, (current) => {
    current.spotlight = productIds
  })
  await recordSpotlight(db, showId, productIds)
  return state
}

/**
 * Card payment for a new order: a Checkout Session whose URL the buyer follows. When Stripe cannot
 * be reached the order is cancelled (its stock returns) and the buyer is told to try again.
 */
export async function startCardPayment(event: H3Event, stripe: Stripe, placed: PlacedOrder, email: string): Promise<PlacedOrder> {
  const db = await requireDb()
  try {
    const session = await createCheckoutSession(stripe, { orderId: placed.orderId, number: placed.number, email, currency: placed.currency, lines: placed.lines }, checkoutReturnUrl(event, placed.showId))
    await db.run('UPDATE orders SET stripe_session_id = ?, pay_url = ?, updated_at = ? WHERE id = ?', [session.id, session.url, Date.now(), placed.orderId])
    return { ...placed, payUrl: session.url }
  }
  catch (error) {
    console.error(`[shop] Stripe Checkout failed for order ${placed.number}: ${error instanceof Error ? error.message : error}`)
    const released = await releaseOrder(db, placed.orderId, 'cancelled', ['pending_payment'])
    if (released?.saleIds.length) void syncFlashSaleState(released.showId)
    throw createError({ statusCode: 502, statusMessage: 'Bad Gateway', message: 'Card payment is not reachable right now, so nothing was reserved. Please try again in a moment.' })
  }
}

const saleTimers = new Map<string, ReturnType<typeof setTimeout>>()

/** Clears the sale from every card when it ends on its own (the sweep catches it on another instance). */
export function scheduleSaleEnd(showId: string, endsAt: number) {
  clearTimeout(saleTimers.get(showId))
  saleTimers.set(showId, setTimeout(() => {
    saleTimers.delete(showId)
    void syncFlashSaleState(showId)
  }, Math.max(0, endsAt - Date.now()) + 50))
}

/**
 * Expires card orders whose reservation ran out: expire the Stripe session first (a buyer who is
 * paying right now keeps the order: Stripe refuses to expire a completed session), then return stock.
 */
export async function expireDueReservations(now = Date.now()): Promise<number> {
  const db = await requireDb()
  const stripe = useStripeClient()
  let expired = 0
  for (const order of await dueReservations(db, now)) {
    if (stripe && order.stripe_session_id) {
      try {
        await stripe.checkout.sessions.expire(order.stripe_session_id)
      }
      catch (error) {
        const code = (error as { code?: string }).code
        if (code !== 'resource_missing' && !/expired/i.test((error as Error).message)) {
          console.warn(`[shop] could not expire the Stripe session of order ${order.id}; retrying later: ${(error as Error).message}`)
          continue
        }
      }
    }
    const released = await releaseOrder(db, order.id, 'expired', ['pending_payment'], now)
    if (released) {
      expired++
      if (released.saleIds.length) void syncFlashSaleState(released.showId)
    }
  }
  return expired
}

/** Publishes sales that have ended on their own since the last sweep (any instance may have started them). */
export async function clearEndedSales(now = Date.now()) {
  const db = await requireDb()
  const rows = await db.all<{ show_id: string }>(
    `SELECT show_id FROM show_live_state WHERE state LIKE '%"flashSale":{%'`)
  for (const row of rows) {
    if (!(await findRunningSale(db, row.show_id, now))) await syncFlashSaleState(row.show_id)
  }
}
