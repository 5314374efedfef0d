// Conversion events: viewers' card views, product opens and add-to-carts (sent in beacon batches),
// and the host's spotlight / flash sale moments, which the analytics timeline overlays.
import { randomUUID } from 'node:crypto'
import type { Db, DbExecutor } from '../db'
import type { ShopEventBatch } from '../../../shared/types/shop'

/** Device clocks may be off; an event stamped further than this from the server's clock gets the server's time. */
const MAX_DEVICE_SKEW_MS = 10 * 60_000

/** Stores a viewer's batch; events for products outside the show's lineup are dropped. Returns how many were kept. */
export async function recordViewerEvents(db: Db, batch: ShopEventBatch, now = Date.now()): Promise<number> {
  const lineup = new Set((await db.all<{ product_id: string }>('SELECT product_id FROM show_products WHERE show_id = ?', [batch.showId])).map(row => row.product_id))
  const kept = batch.events.filter(event => lineup.has(event.productId))
  if (!kept.length) return 0
  const values = kept.map(() => '(?, ?, ?, ?, ?, NULL, ?)').join(', ')
  const params = kept.flatMap(event => [randomUUID(), batch.showId, event.type, event.productId, batch.deviceId, Math.abs(event.at - now) > MAX_DEVICE_SKEW_MS ? now : event.at])
  await db.run(`INSERT INTO shop_events (id, show_id, type, product_id, device_id, detail, at) VALUES ${values}`, params)
  return kept.length
}

/** A spotlight change for the timeline and spotlight time (detail = the product ids on screen). Sales come from flash_sales. */
export async function recordSpotlight(db: DbExecutor, showId: string, productIds: string[], now = Date.now()) {
  await db.run('INSERT INTO shop_events (id, show_id, type, product_id, device_id, detail, at) VALUES (?, ?, ?, NULL, NULL, ?, ?)', [randomUUID(), showId, 'spotlight', JSON.stringify(productIds), now])
}
