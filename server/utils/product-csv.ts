// The catalog as CSV (papaparse): one row per product, or one row per variant with the product's
// columns repeated. Prices are written in major units ("49.00"), as sellers keep them in their
// sheets. Import is all-or-nothing: every row is checked first, then everything is written in one
// transaction; rows whose product_id is one of the host's products update it, others create one.
import Papa from 'papaparse'
import type { Product } from '#shared/types/catalog'
import { z } from 'zod'

export const CSV_COLUMNS = [
  'product_id', 'title', 'description', 'price', 'currency', 'stock', 'sku', 'external_url', 'images', 'archived',
  'variant_id', 'variant_name', 'variant_price', 'variant_stock', 'variant_sku',
] as const
export const CSV_MAX_ROWS = 5000
export const CSV_MAX_BYTES = 2 * 1024 * 1024
const REQUIRED_COLUMNS = ['title', 'price', 'currency'] as const

type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string>>

export function productsToCsv(products: Product[]): string {
  const rows: string[][] = []
  for (const product of products) {
    const base = [
      product.id, product.title, product.description, toMajorUnits(product.price, product.currency), product.currency,
      product.variants.length ? '' : String(product.stock), product.sku ?? '', product.externalUrl ?? '',
      product.images.join(' '), product.archived ? 'true' : 'false',
    ]
    if (!product.variants.length) rows.push([...base, '', '', '', '', ''])
    for (const variant of product.variants) {
      rows.push([...base, variant.id, variant.name, variant.price === null ? '' : toMajorUnits(variant.price, product.currency), String(variant.stock), variant.sku ?? ''])
    }
  }
  // escapeFormulae: a cell starting with = + - @ is prefixed with ' so spreadsheets show, not run, it.
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { escapeFormulae: true, newline: '\r\n' })
}

/** Undoes escapeFormulae's quote prefix. */
const unescapeCell = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value)

export interface CsvProductGroup {
  /** The existing product to update, when the row's product_id is one of the host's. */
  productId: string | null
  /** 1-based line numbers (the header is line 1). */
  lines: number[]
  input: ProductCreateInput & { archived: boolean }
}

// Like the form, but a seller's own sheet has no uploaded images yet: 0–5 here.
const csvProductSchema = productCreateSchema.extend({
  images: z.array(imageIdSchema).max(PRODUCT_IMAGES_MAX, `may hold at most ${PRODUCT_IMAGES_MAX} images`),
  archived: z.boolean(),
})

function bad(message: string): never {
  throw createError({ statusCode: 400, statusMessage: 'Bad Request', message })
}

/** Parses and checks a whole CSV file; every problem is reported with its line, nothing is written. */
export function parseProductsCsv(text: string, ownProductIds: Set<string>): CsvProductGroup[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: header => header.trim().toLowerCase(),
  })
  const fields = parsed.meta.fields ?? []
  const missing = REQUIRED_COLUMNS.filter(column => !fields.includes(column))
  if (missing.length) bad(`The CSV needs a header row with the columns ${REQUIRED_COLUMNS.join(', ')} (missing: ${missing.join(', ')}). Export your catalog to see the format.`)
  const unknown = fields.filter(field => field && !(CSV_COLUMNS as readonly string[]).includes(field))
  if (unknown.length) bad(`Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. The columns are ${CSV_COLUMNS.join(', ')}.`)
  // Sheets often drop trailing empty cells: a short row just has empty columns.
  const errors = parsed.errors.filter(error => error.code !== 'TooFewFields')
  if (errors.length) {
    const first = errors[0]!
    bad(`The CSV could not be read at line ${(first.row ?? 0) + 2}: ${first.message}.`)
  }
  if (!parsed.data.length) bad('The CSV has no rows under its header.')
  if (parsed.data.length > CSV_MAX_ROWS) bad(`The CSV has ${parsed.data.length} rows; import at most ${CSV_MAX_ROWS} at a time.`)

  const problems: string[] = []
  const groups = new Map<string, { lines: number[], rows: CsvRow[] }>()
  parsed.data.forEach((raw, index) => {
    const row: CsvRow = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, unescapeCell(String(value ?? '')).trim()]))
    const line = index + 2
    const key = row.product_id ? `id:${row.product_id}` : row.sku ? `sku:${row.sku}` : `title:${row.title ?? ''}`
    const group = groups.get(key) ?? { lines: [], rows: [] }
    group.lines.push(line)
    group.rows.push(row)
    groups.set(key, group)
  })

  const result: CsvProductGroup[] = []
  for (const { lines, rows } of groups.values()) {
    const first = rows[0]!
    const currency = (first.currency ?? '').toUpperCase()
    const money = (value: string | undefined, column: string, line: number): number | null | undefined => {
      if (!value) return undefined
      const minor = fromMajorUnits(value, currency)
      if (minor === null) problems.push(`line ${line}: ${column}: "${value}" is not an amount like 19.99 in ${currency || 'the currency'}`)
      return minor
    }
    const whole = (value: string | undefined, column: string, line: number): number | undefined => {
      if (!value) return undefined
      if (!/^\d{1,9}$/.test(value)) problems.push(`line ${line}: ${column}: "${value}" is not a whole number`)
      return Number(value)
    }
    const variants = rows.flatMap((row, i) => row.variant_name
      ? [{
          ...(row.variant_id ? { id: row.variant_id } : {}),
          name: row.variant_name,
          price: money(row.variant_price, 'variant_price', lines[i]!) ?? null,
          stock: whole(row.variant_stock, 'variant_stock', lines[i]!) ?? 0,
          sku: row.variant_sku || null,
        }]
      : [])
    const candidate = {
      title: first.title ?? '',
      description: first.description ?? '',
      price: money(first.price, 'price', lines[0]!) ?? Number.NaN,
      currency,
      stock: whole(first.stock, 'stock', lines[0]!) ?? 0,
      sku: first.sku || null,
      externalUrl: first.external_url || null,
      images: (first.images ?? '').split(/[\s,;|]+/).filter(Boolean),
      archived: /^(true|1|yes)$/i.test(first.archived ?? ''),
      variants,
    }
    const checked = csvProductSchema.safeParse(candidate)
    if (!checked.success) {
      for (const issue of checked.error.issues) problems.push(`line ${lines[0]}: ${issue.path.join('.')}: ${issue.message}`)
      continue
    }
    const productId = first.product_id && ownProductIds.has(first.product_id) ? first.product_id : null
    // Variant ids only mean something for the product they belong to.
    if (!productId) for (const variant of checked.data.variants) delete variant.id
    result.push({ productId, lines, input: checked.data as CsvProductGroup['input'] })
  }
  if (problems.length) {
    const shown = problems.slice(0, 20)
    bad(`Nothing was imported. Fix ${problems.length === 1 ? 'this' : `these ${problems.length} problems`} and try again: ${shown.join('; ')}${problems.length > shown.length ? `; and ${problems.length - shown.length} more` : ''}.`)
  }
  return result
}

/** Imports checked groups in one transaction; answers how many products were created/updated. */
export async function importProductsCsv(hostId: string, text: string): Promise<{ created: number, updated: number, variants: number }> {
  const db = await requireDb()
  const own = new Set((await db.all<{ id: string }>('SELECT id FROM products WHERE host_id = ?', [hostId])).map(row => row.id))
  const groups = parseProductsCsv(text, own)
  await requireOwnImages(hostId, [...new Set(groups.flatMap(group => group.input.images))], 'images')
  let created = 0
  let updated = 0
  const touched: string[] = []
  await db.transaction(async (tx) => {
    const now = Date.now()
    for (const group of groups) {
      if (group.productId) {
        await patchProduct(tx, hostId, group.productId, group.input, now)
        touched.push(group.productId)
        updated++
      }
      else {
        const id = await insertProduct(tx, hostId, group.input, now)
        if (group.input.archived) await tx.run('UPDATE products SET archived = 1 WHERE id = ?', [id])
        created++
      }
    }
  })
  await forgetShowsWithProducts(touched)
  return { created, updated, variants: groups.reduce((sum, group) => sum + group.input.variants.length, 0) }
}
