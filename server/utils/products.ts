// A host's catalog: create, edit and archive products with their variants. Products are archived,
// never deleted (orders keep pointing at them); a variant left out of an edit is archived too.
// Every write drops the cached detail of the shows whose lineup holds the product.
import { randomUUID } from 'node:crypto'
import type { Product } from '#shared/types/catalog'
import { z } from 'zod'
import type { DbExecutor } from './db'

export const PRODUCT_TITLE_MAX = 120
export const PRODUCT_DESCRIPTION_MAX = 5000
export const PRODUCT_IMAGES_MAX = 5
export const VARIANTS_MAX = 50
// In minor units: a million in a currency with two decimals.
export const PRICE_MAX = 100_000_000
export const STOCK_MAX = 1_000_000

const printable = (max: number, what = 'text') => z.string({ error: `must be ${what}` }).trim()
  .max(max, `must be at most ${max} characters`)
  .regex(/^[^\p{C}]*$/u, 'must contain printable characters only')

const priceSchema = z.number({ error: 'must be a whole number of minor units (cents)' })
  .int('must be a whole number of minor units (cents)').min(0, 'must not be negative').max(PRICE_MAX, `must be at most ${PRICE_MAX}`)
const stockSchema = z.number({ error: 'must be a whole number' })
  .int('must be a whole number').min(0, 'must not be negative').max(STOCK_MAX, `must be at most ${STOCK_MAX}`)
const skuSchema = printable(64).transform(value => value || null).nullable()

function isCurrency(code: string): boolean {
  try {
    return Intl.supportedValuesOf('currency').includes(code)
  }
  catch {
    return true
  }
}

export const currencySchema = z.string({ error: 'must be a currency code like EUR' })
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code like EUR or USD')
  .refine(isCurrency, 'is not a currency code we know')

const externalUrlSchema = z.string({ error: 'must be a link' }).trim().max(2000, 'must be at most 2000 characters')
  .transform(value => value || null)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be a full http(s):// link' }).nullable())
  .nullable()

export const variantInputSchema = z.object({
  id: z.string().regex(/^[\w-]{1,64}$/, 'is not a variant id').optional(),
  name: printable(60).min(1, 'must not be empty'),
  price: priceSchema.nullable().optional().default(null),
  stock: stockSchema.optional().default(0),
  sku: skuSchema.optional().default(null),
}).strict()

const variantsSchema = z.array(variantInputSchema, { error: 'must be a list' }).max(VARIANTS_MAX, `may hold at most ${VARIANTS_MAX} variants`)
  .refine(list => new Set(list.map(v => v.name.toLowerCase())).size === list.length, 'must not have two variants with the same name')

const productFields = {
  title: printable(PRODUCT_TITLE_MAX).min(1, 'must not be empty'),
  description: z.string({ error: 'must be text' }).trim().max(PRODUCT_DESCRIPTION_MAX, `must be at most ${PRODUCT_DESCRIPTION_MAX} characters`)
    .regex(/^(?:[^\p{C}]|[\n\r\t])*$/u, 'must not contain control characters'),
  price: priceSchema,
  currency: currencySchema,
  images: z.array(imageIdSchema, { error: 'must be a list of uploaded images' })
    .min(1, 'needs at least one image').max(PRODUCT_IMAGES_MAX, `may hold at most ${PRODUCT_IMAGES_MAX} images`)
    .refine(ids => new Set(ids).size === ids.length, 'must not list an image twice'),
  stock: stockSchema,
  sku: skuSchema,
  externalUrl: externalUrlSchema,
  variants: variantsSchema,
}

export const productCreateSchema = z.object({
  ...productFields,
  description: productFields.description.optional().default(''),
  stock: productFields.stock.optional().default(0),
  sku: productFields.sku.optional().default(null),
  externalUrl: productFields.externalUrl.optional().default(null),
  variants: productFields.variants.optional().default([]),
}).strict()

export const productUpdateSchema = z.object({
  ...Object.fromEntries(Object.entries(productFields).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof typeof productFields]: z.ZodOptional<(typeof productFields)[K]> },
  archived: z.boolean({ error: 'must be true or false' }).optional(),
}).strict()

export type ProductCreateInput = z.infer<typeof productCreateSchema>
export type ProductUpdateInput = z.infer<typeof productUpdateSchema>
export type VariantInput = z.infer<typeof variantInputSchema>

/** A host's products, newest first; archived ones only when asked. */
export async function listHostProducts(hostId: string, includeArchived = false): Promise<Product[]> {
  const db = await requireDb()
  const rows = await db.all<ProductDbRow>(
    `SELECT * FROM products WHERE host_id = ?${includeArchived ? '' : ' AND archived = 0'} ORDER BY created_at DESC, id`,
    [hostId],
  )
  return withVariants(db, rows)
}

/** The host's own product, else 404 (someone else's product is not revealed either). */
export async function requireOwnProduct(tx: DbExecutor, hostId: string, id: string): Promise<ProductDbRow> {
  const row = await tx.get<ProductDbRow>('SELECT * FROM products WHERE id = ? AND host_id = ?', [id, hostId])
  if (!row) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No such product: "${id}".` })
  return row
}

/** Writes the variant list: listed ids are updated, new ones inserted, the rest archived. */
async function writeVariants(tx: DbExecutor, productId: string, variants: VariantInput[]) {
  const existing = await tx.all<VariantDbRow>('SELECT * FROM product_variants WHERE product_id = ?', [productId])
  const known = new Set(existing.map(row => row.id))
  const kept = new Set<string>()
  for (const [position, variant] of variants.entries()) {
    if (variant.id && !known.has(variant.id)) {
      throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: `variants.${position}.id: "${variant.id}" is not a variant of this product.` })
    }
    if (variant.id) {
      kept.add(variant.id)
      await tx.run(
        'UPDATE product_variants SET name = ?, price = ?, stock = ?, sku = ?, position = ?, archived = 0 WHERE id = ?',
        [variant.name, variant.price, variant.stock, variant.sku, position, variant.id],
      )
    }
    else {
      await tx.run(
        'INSERT INTO product_variants (id, product_id, name, price, stock, sku, position, archived) VALUES (?, ?, ?, ?, ?, ?, ?, 0)',
        [randomUUID(), productId, variant.name, variant.price, variant.stock, variant.sku, position],
      )
    }
  }
  for (const row of existing) {
    if (!kept.has(row.id) && !row.archived) await tx.run('UPDATE product_variants SET archived = 1 WHERE id = ?', [row.id])
  }
}

/** Inserts a product (in the caller's transaction); the caller has checked the images. */
export async function insertProduct(tx: DbExecutor, hostId: string, input: ProductCreateInput, now = Date.now()): Promise<string> {
  const id = randomUUID()
  await tx.run(
    `INSERT INTO products (id, host_id, title, description, price, currency, images, stock, sku, external_url, archived, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    [id, hostId, input.title, input.description, input.price, input.currency, JSON.stringify(input.images), input.stock, input.sku, input.externalUrl, now, now],
  )
  await writeVariants(tx, id, input.variants)
  return id
}

/** Updates a product the host owns (in the caller's transaction). */
export async function patchProduct(tx: DbExecutor, hostId: string, id: string, patch: ProductUpdateInput, now = Date.now()): Promise<void> {
  await requireOwnProduct(tx, hostId, id)
  const columns: Record<string, string | number | null> = {}
  if (patch.title !== undefined) columns.title = patch.title
  if (patch.description !== undefined) columns.description = patch.description
  if (patch.price !== undefined) columns.price = patch.price
  if (patch.currency !== undefined) columns.currency = patch.currency
  if (patch.images !== undefined) columns.images = JSON.stringify(patch.images)
  if (patch.stock !== undefined) columns.stock = patch.stock
  if (patch.sku !== undefined) columns.sku = patch.sku
  if (patch.externalUrl !== undefined) columns.external_url = patch.externalUrl
  if (patch.archived !== undefined) columns.archived = patch.archived ? 1 : 0
  columns.updated_at = now
  const names = Object.keys(columns)
  await tx.run(`UPDATE products SET ${names.map(name => `${name} = ?`).join(', ')} WHERE id = ?`, [...names.map(name => columns[name]!), id])
  if (patch.variants) await writeVariants(tx, id, patch.variants)
}

/** Drops the cached detail of every show whose lineup holds one of these products. */
export async function forgetShowsWithProducts(productIds: string[]): Promise<void> {
  if (!productIds.length) return
  const db = await requireDb()
  const shows = await db.all<{ show_id: string }>(
    `SELECT DISTINCT show_id FROM show_products WHERE product_id IN (${sqlPlaceholders(productIds.length)})`,
    productIds,
  )
  await forgetShowDetail(...shows.map(row => row.show_id))
}

export async function createProduct(hostId: string, input: ProductCreateInput): Promise<Product> {
  await requireOwnImages(hostId, input.images, 'images')
  const db = await requireDb()
  const id = await db.transaction(tx => insertProduct(tx, hostId, input))
  return (await loadProducts(db, [id]))[0]!
}

export async function updateProduct(hostId: string, id: string, patch: ProductUpdateInput): Promise<Product> {
  if (patch.images) await requireOwnImages(hostId, patch.images, 'images')
  const db = await requireDb()
  await db.transaction(tx => patchProduct(tx, hostId, id, patch))
  await forgetShowsWithProducts([id])
  return (await loadProducts(db, [id]))[0]!
}
