// Shop e2e helpers: a show with products written straight into the app's database (the same SQLite
// file or PostgreSQL schema the app under test uses), and a JSON client for the shop's routes.
import { randomUUID } from 'node:crypto'
import { openPostgresDb, openSqliteDb, type Db } from '../../../server/utils/db'
import { BUILTIN_HOST_ID } from '../../../server/db/schema/catalog'

export interface SeedProduct {
  id: string
  title: string
  price: number
  stock: number
  currency?: string
  variants?: { id: string, name: string, stock: number, price?: number | null }[]
}

/** Opens the database of an app started with `env` (ANALYTICS_SQLITE_PATH or DATABASE_URL). */
export async function openAppDb(env: Record<string, string>): Promise<Db> {
  return env.DATABASE_URL ? openPostgresDb(env.DATABASE_URL) : openSqliteDb(env.ANALYTICS_SQLITE_PATH!)
}

/** A show of the built-in host with these products in its lineup, in order. */
export async function seedShow(db: Db, showId: string, products: SeedProduct[], title = 'Test show') {
  const now = Date.now()
  await db.run('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [showId, BUILTIN_HOST_ID, title, 'live', now, now])
  let position = 0
  for (const product of products) {
    await db.run('INSERT INTO products (id, host_id, title, price, currency, images, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [product.id, BUILTIN_HOST_ID, product.title, product.price, product.currency ?? 'EUR', '[]', product.stock, now, now])
    let variantPosition = 0
    for (const variant of product.variants ?? []) {
      await db.run('INSERT INTO product_variants (id, product_id, name, price, stock, position) VALUES (?, ?, ?, ?, ?, ?)', [variant.id, product.id, variant.name, variant.price ?? null, variant.stock, variantPosition++])
    }
    await db.run('INSERT INTO show_products (show_id, product_id, position) VALUES (?, ?, ?)', [showId, product.id, position++])
  }
}

export interface JsonAnswer<T = Record<string, unknown>> {
  status: number
  body: T
  headers: Headers
}

export function shopClient(appUrl: string, cookie = '') {
  async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<JsonAnswer<T>> {
    const response = await fetch(`${appUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), origin: appUrl },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    }
    catch { /* CSV or empty */ }
    return { status: response.status, body: parsed as T, headers: response.headers }
  }
  return {
    call,
    order: (showId: string, items: unknown[], buyer: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
      call('POST', '/api/orders', { showId, items, buyer: { name: 'Ana Buyer', email: 'ana@example.com', ...buyer }, idempotencyKey: randomUUID(), ...extra }),
  }
}
