// A show's conversion figures: per product (spotlight time, viewers reached, card views, opens,
// add-to-carts, orders, units, revenue, conversion), the timeline of spotlights and sales, revenue
// per minute. Cancelled and expired orders do not count.
import type { DbExecutor } from '../db'
import type { ProductShopStats, ShopStats, ShopTimelineMark } from '../../../shared/types/shop'

const COUNTED = 'o.status NOT IN (\'cancelled\', \'expired\')'

export async function shopStats(db: DbExecutor, showId: string, now = Date.now()): Promise<ShopStats> {
  const products = await db.all<{ id: string, title: string, currency: string }>(
    'SELECT p.id, p.title, p.currency FROM show_products sp JOIN products p ON p.id = sp.product_id WHERE sp.show_id = ? ORDER BY sp.position', [showId])
  const events = await db.all<{ type: string, product_id: string | null, views: number, devices: number }>(
    `SELECT type, product_id, COUNT(*) AS views, COUNT(DISTINCT device_id) AS devices FROM shop_events
      WHERE show_id = ? AND type IN ('card_view', 'product_open', 'add_to_cart') GROUP BY type, product_id`, [showId])
  const sold = await db.all<{ product_id: string, orders: number, units: number, revenue: number }>(
    `SELECT i.product_id, COUNT(DISTINCT o.id) AS orders, SUM(i.quantity) AS units, SUM(i.unit_price * i.quantity) AS revenue
      FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.show_id = ? AND ${COUNTED} GROUP BY i.product_id`, [showId])
  const totals = await db.get<{ orders: number, revenue: number | null, currency: string | null }>(
    `SELECT COUNT(*) AS orders, SUM(o.total) AS revenue, MAX(o.currency) AS currency FROM orders o WHERE o.show_id = ? AND ${COUNTED}`, [showId])
  const perMinute = await db.all<{ minute: number, revenue: number }>(
    `SELECT (o.created_at / 60000) * 60000 AS minute, SUM(o.total) AS revenue FROM orders o
      WHERE o.show_id = ? AND ${COUNTED} GROUP BY minute ORDER BY minute`, [showId])
  const spotlights = await db.all<{ detail: string | null, at: number }>(
    'SELECT detail, at FROM shop_events WHERE show_id = ? AND type = \'spotlight\' ORDER BY at, id', [showId])
  const sales = await db.all<{ product_id: string, starts_at: number, ends_at: number, ended_at: number | null }>(
    'SELECT product_id, starts_at, ends_at, ended_at FROM flash_sales WHERE show_id = ? ORDER BY starts_at', [showId])

  const titles = new Map(products.map(product => [product.id, product.title]))
  const spotlightMs = new Map<string, number>()
  const timeline: ShopTimelineMark[] = []
  let current: string[] = []
  let since = 0
  const closeSpotlight = (until: number) => {
    for (const id of current) spotlightMs.set(id, (spotlightMs.get(id) ?? 0) + Math.max(0, until - since))
  }
  for (const mark of spotlights) {
    closeSpotlight(mark.at)
    current = mark.detail ? JSON.parse(mark.detail) as string[] : []
    since = mark.at
    timeline.push({ at: mark.at, type: 'spotlight', label: current.length ? `Spotlight: ${current.map(id => titles.get(id) ?? id).join(', ')}` : 'Spotlight cleared' })
  }
  for (const sale of sales) {
    const title = titles.get(sale.product_id) ?? sale.product_id
    timeline.push({ at: sale.starts_at, type: 'sale_start', label: `Flash sale: ${title}` })
    const end = sale.ended_at ?? sale.ends_at
    if (end <= now) timeline.push({ at: end, type: 'sale_end', label: `Sale ended: ${title}` })
  }
  timeline.sort((a, b) => a.at - b.at)
  const show = await db.get<{ ended_at: number | null }>('SELECT ended_at FROM shows WHERE id = ?', [showId])
  closeSpotlight(show?.ended_at ?? now)

  const soldRows = (productId: string) => sold.find(row => row.product_id === productId)
  const count = (type: string, productId: string) => events.find(row => row.type === type && row.product_id === productId)
  const rows: ProductShopStats[] = products.map((product) => {
    const sold = soldRows(product.id)
    const reached = count('card_view', product.id)?.devices ?? 0
    const orders = sold?.orders ?? 0
    return {
      productId: product.id,
      title: product.title,
      spotlightSeconds: Math.round((spotlightMs.get(product.id) ?? 0) / 1000),
      viewersReached: reached,
      cardViews: count('card_view', product.id)?.views ?? 0,
      productOpens: count('product_open', product.id)?.views ?? 0,
      addToCarts: count('add_to_cart', product.id)?.views ?? 0,
      orders,
      units: sold?.units ?? 0,
      revenue: sold?.revenue ?? 0,
      conversion: reached ? Math.min(1, orders / reached) : null,
    }
  })
  return {
    showId,
    currency: totals?.currency ?? products[0]?.currency ?? null,
    orders: totals?.orders ?? 0,
    revenue: totals?.revenue ?? 0,
    products: rows,
    timeline,
    revenuePerMinute: perMinute.map(row => [row.minute, row.revenue]),
  }
}
