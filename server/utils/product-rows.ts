// Products as stored (snake_case rows) and as the API sends them (shared/types/catalog.ts), and the
// one way to load them with their variants: a lineup, a host's catalog and the order route all
// read products through loadProducts so they agree on prices, stock and archived variants.
import type { Product, ProductVariant } from '#shared/types/catalog'
import type { DbExecutor } from './db'

export interface ProductDbRow {
  id: string
  host_id: string
  title: string
  description: string
  price: number
  currency: string
  images: string
  stock: number
  sku: string | null
  external_url: string | null
  archived: number
  created_at: number
  updated_at: number
}

export interface VariantDbRow {
  id: string
  product_id: string
  name: string
  price: number | null
  stock: number
  sku: string | null
  position: number
  archived: number
}

function parseImages(json: string): string[] {
  try {
    const value = JSON.parse(json)
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []
  }
  catch {
    return []
  }
}

export function toVariant(row: VariantDbRow): ProductVariant {
  return { id: row.id, name: row.name, price: row.price, stock: Number(row.stock), sku: row.sku }
}

/** A product with variants: its stock is the sum of theirs (the row's own stock is unused). */
export function toProduct(row: ProductDbRow, variants: VariantDbRow[] = []): Product {
  const active = variants.filter(variant => !variant.archived).sort((a, b) => a.position - b.position)
  return {
    id: row.id,
    hostId: row.host_id,
    title: row.title,
    description: row.description,
    price: Number(row.price),
    currency: row.currency,
    images: parseImages(row.images),
    stock: active.length ? active.reduce((sum, variant) => sum + Number(variant.stock), 0) : Number(row.stock),
    sku: row.sku,
    externalUrl: row.external_url,
    archived: Boolean(row.archived),
    variants: active.map(toVariant),
  }
}

/** `?, ?, ?` for an IN list of `count` values. */
export function sqlPlaceholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ')
}

/** Variants of these products (archived ones included; toProduct drops them), by product id. */
export async function loadVariantRows(db: DbExecutor, productIds: string[]): Promise<Map<string, VariantDbRow[]>> {
  const byProduct = new Map<string, VariantDbRow[]>()
  if (!productIds.length) return byProduct
  const rows = await db.all<VariantDbRow>(
    `SELECT * FROM product_variants WHERE product_id IN (${sqlPlaceholders(productIds.length)}) ORDER BY position, id`,
    productIds,
  )
  for (const row of rows) {
    const list = byProduct.get(row.product_id) ?? []
    list.push(row)
    byProduct.set(row.product_id, list)
  }
  return byProduct
}

/** Turns rows into products with their variants (one query for all variants). */
export async function withVariants(db: DbExecutor, rows: ProductDbRow[]): Promise<Product[]> {
  const variants = await loadVariantRows(db, rows.map(row => row.id))
  return rows.map(row => toProduct(row, variants.get(row.id)))
}

/** These products in the order of `ids` (unknown ids are skipped). */
export async function loadProducts(db: DbExecutor, ids: string[]): Promise<Product[]> {
  if (!ids.length) return []
  const rows = await db.all<ProductDbRow>(`SELECT * FROM products WHERE id IN (${sqlPlaceholders(ids.length)})`, ids)
  const byId = new Map((await withVariants(db, rows)).map(product => [product.id, product]))
  return ids.map(id => byId.get(id)).filter((product): product is Product => !!product)
}
