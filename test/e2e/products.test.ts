// The catalog through the API: image uploads (checked from their bytes, resized to WebP, served
// immutable; a hostile upload leaves nothing behind), products with variants, and a show's lineup.
// The core flow runs again on the scale-out configuration: PostgreSQL (a fresh schema) and images
// in an S3-compatible bucket (gofakes3 on loopback), served by two app instances.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { Product, ShowDetail, UploadedImage } from '../../shared/types/catalog'
import { signIn, startApp, startStack, type AppServer, type Stack } from './support/stack'
import { createShow } from './support/shows'
import { photo, uploadImage } from './support/catalog'
import { TEST_DATABASE_URL, testAnalyticsDb, type TestAnalyticsDb } from './support/analytics-db'
import { startFakeS3 } from '../../scripts/fake-s3.mjs'
import { createHostAccount, signInHost } from './support/hosts'

let stack: Stack
let host: string

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  host = await signIn(stack.app.url, stack.hostKey)
})

afterAll(async () => {
  await stack?.stop()
})

const uploadsDir = () => stack.appEnv.NUXT_UPLOADS_DIR!
const storedFiles = () => readdirSync(uploadsDir(), { recursive: true }).filter(name => String(name).endsWith('.webp')).length
const imageRows = () => {
  const db = new Database(stack.appEnv.ANALYTICS_SQLITE_PATH!, { readonly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n
  }
  finally {
    db.close()
  }
}

async function json(method: string, path: string, body?: unknown, cookie = host) {
  const response = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() }
}

async function rawUpload(body: Buffer, type: string, cookie = host) {
  const response = await fetch(`${stack.app.url}/api/uploads`, { method: 'POST', headers: { 'content-type': type, cookie }, body: new Uint8Array(body) })
  return { status: response.status, json: await response.json() }
}

describe('image uploads', () => {
  let image: UploadedImage

  it('stores a JPEG as WebP at 160, 480 and 1080 px, served with immutable cache headers', async () => {
    image = await uploadImage(stack.app.url, host, await photo(2400, 1200, 'jpeg'))
    expect(image).toMatchObject({ width: 2400, height: 1200, url: `/uploads/${image.id}/480.webp` })
    for (const width of [160, 480, 1080]) {
      const response = await fetch(`${stack.app.url}/uploads/${image.id}/${width}.webp`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/webp')
      expect(response.headers.get('cache-control')).toMatch(/immutable/)
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
      expect(meta).toMatchObject({ format: 'webp', width, height: width / 2 })
    }
    expect((await fetch(`${stack.app.url}/uploads/${image.id}/999.webp`)).status).toBe(404)
    expect((await fetch(`${stack.app.url}/uploads/nope-nope-nope/480.webp`)).status).toBe(404)
  })

  it('takes PNG and WebP too, and never enlarges a small image', async () => {
    const small = await uploadImage(stack.app.url, host, await photo(300, 300, 'png'))
    const meta = await sharp(Buffer.from(await (await fetch(`${stack.app.url}/uploads/${small.id}/1080.webp`)).arrayBuffer())).metadata()
    expect(meta.width).toBe(300)
    expect((await uploadImage(stack.app.url, host, await photo(640, 480, 'webp'))).width).toBe(640)
  })

  it.each([
    ['a text file called a JPEG', () => Buffer.from('hello, I am not a picture at all'), 'image/jpeg', 415, /not an image we can read/],
    ['a GIF', () => sharp({ create: { width: 20, height: 20, channels: 3, background: 'red' } }).gif().toBuffer(), 'image/jpeg', 415, /GIF image; upload a JPEG, PNG or WebP/],
    ['a truncated JPEG', async () => (await photo(800, 600, 'jpeg')).subarray(0, 2000), 'image/jpeg', 422, /damaged or incomplete/],
    ['an SVG with a script', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png', 415, /upload a JPEG, PNG or WebP/i],
    ['an empty body', () => Buffer.alloc(0), 'image/png', 400, /empty/],
  ])('refuses %s with a 4xx and leaves nothing behind', async (_name, make, type, status, message) => {
    const files = storedFiles()
    const rows = imageRows()
    const answer = await rawUpload(await make(), type)
    expect(answer.status).toBe(status)
    expect(answer.json.message).toMatch(message)
    expect(storedFiles()).toBe(files)
    expect(imageRows()).toBe(rows)
  })

  it('refuses a file over 10 MB (413) and an upload without a host session (401)', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0xFF)
    expect((await rawUpload(big, 'image/jpeg')).status).toBe(413)
    expect((await rawUpload(await photo(100, 100, 'jpeg'), 'image/jpeg', '')).status).toBe(401)
  })

  describe('products', () => {
    let product: Product

    it('creates a product with an image and variants; stock is the variants\' sum', async () => {
      const created = await json('POST', '/api/products', {
        title: 'Linen shirt', description: 'Washed linen.', price: 4900, currency: 'EUR', images: [image.id], sku: 'SHIRT-1',
        externalUrl: 'https://shop.example.com/shirt',
        variants: [{ name: 'S', stock: 3, sku: 'SHIRT-1-S' }, { name: 'M', stock: 5, price: 5200 }],
      })
      expect(created.status).toBe(201)
      product = created.json
      expect(product).toMatchObject({ title: 'Linen shirt', price: 4900, currency: 'EUR', images: [image.id], stock: 8, archived: false })
      expect(product.variants.map(v => [v.name, v.stock, v.price])).toEqual([['S', 3, null], ['M', 5, 5200]])
    })

    it('edits variants: listed ones change, new ones are added, left-out ones are archived', async () => {
      const [small] = product.variants
      const edited = await json('PATCH', `/api/products/${product.id}`, { variants: [{ id: small!.id, name: 'S', stock: 1 }, { name: 'L', stock: 2 }] })
      expect(edited.status).toBe(200)
      expect((edited.json as Product).variants.map(v => [v.name, v.stock])).toEqual([['S', 1], ['L', 2]])
      expect((edited.json as Product).stock).toBe(3)
    })

    it.each([
      ['a negative price', { price: -1 }, /price: must not be negative/],
      ['a fractional price', { price: 12.5 }, /price: must be a whole number/],
      ['an unknown currency', { currency: 'EURO' }, /currency: must be a three-letter/],
      ['no image', { images: [] }, /images: needs at least one image/],
      ['six images', { images: Array.from({ length: 6 }, (_, i) => `image-id-${i}x`) }, /images: may hold at most 5/],
      ['an image nobody uploaded', { images: ['a0000000000000000000000000000000'] }, /images: "a0+" is not an image you uploaded/],
      ['a javascript: link', { externalUrl: 'javascript:alert(1)' }, /externalUrl: must be a full http/],
      ['two variants of one name', { variants: [{ name: 'S' }, { name: 's' }] }, /variants: must not have two variants with the same name/],
      ['an empty title', { title: ' ' }, /title: must not be empty/],
    ])('refuses %s with a 400 naming the field', async (_name, change, message) => {
      const answer = await json('POST', '/api/products', { title: 'Thing', price: 100, currency: 'EUR', images: [image.id], ...change })
      expect(answer.status).toBe(400)
      expect(answer.json.message).toMatch(message)
    })

    it('puts the product in a show\'s lineup; the public detail carries prices, stock, variants and images', async () => {
      await createShow(stack, { id: 'linen-show', title: 'Linen week', lineup: [product.id] })
      const detail = await (await fetch(`${stack.app.url}/api/shows/linen-show`)).json() as ShowDetail
      expect(detail.lineup).toHaveLength(1)
      expect(detail.lineup[0]).toMatchObject({ id: product.id, price: 4900, currency: 'EUR', stock: 3, images: [image.id] })
      // A price change shows at once (the show's cached detail is dropped).
      await json('PATCH', `/api/products/${product.id}`, { price: 3900 })
      expect((await (await fetch(`${stack.app.url}/api/shows/linen-show`)).json() as ShowDetail).lineup[0]!.price).toBe(3900)
      // Archived products leave the lineup and the default list.
      await json('PATCH', `/api/products/${product.id}`, { archived: true })
      expect((await (await fetch(`${stack.app.url}/api/shows/linen-show`)).json() as ShowDetail).lineup).toEqual([])
      expect((await json('GET', '/api/products')).json.products.map((p: Product) => p.id)).not.toContain(product.id)
      expect((await json('GET', '/api/products?archived=true')).json.products.map((p: Product) => p.id)).toContain(product.id)
    })

    it('keeps hosts apart: another host\'s product is a 404, ops cannot edit', async () => {
      const ops = await signIn(stack.app.url, stack.opsKey)
      expect((await json('PATCH', `/api/products/${product.id}`, { price: 1 }, ops)).status).toBe(403)
      expect((await json('PATCH', '/api/products/not-a-product', { price: 1 })).status).toBe(404)
    })
  })
})

describe('CSV import and export', () => {
  const csv = async (cookie = host) => {
    const response = await fetch(`${stack.app.url}/api/products/export.csv`, { headers: { cookie } })
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    return response.text()
  }
  const importCsv = async (text: string) => {
    const response = await fetch(`${stack.app.url}/api/products/import`, { method: 'POST', headers: { 'content-type': 'text/csv', 'cookie': host }, body: text })
    return { status: response.status, json: await response.json() }
  }
  const count = async () => (await json('GET', '/api/products?archived=true')).json.products.length as number

  it('imports a seller\'s own sheet (no ids, prices in major units, variants grouped by SKU)', async () => {
    const before = await count()
    const sheet = [
      'title,price,currency,sku,variant_name,variant_stock,variant_price,description',
      'Wool scarf,25.5,EUR,SCARF,Red,4,,"Soft, warm"',
      'Wool scarf,25.5,EUR,SCARF,Blue,2,27',
      'Tea cup,1200,JPY,CUP,,,,',
      '=HYPERLINK("http://evil.example"),3,USD,,,,,',
    ].join('\n')
    const answer = await importCsv(sheet)
    expect(answer).toEqual({ status: 200, json: { created: 3, updated: 0, variants: 2 } })
    expect(await count()).toBe(before + 3)
    const products = (await json('GET', '/api/products')).json.products as Product[]
    const scarf = products.find(p => p.sku === 'SCARF')!
    expect(scarf).toMatchObject({ title: 'Wool scarf', price: 2550, currency: 'EUR', stock: 6, description: 'Soft, warm' })
    expect(scarf.variants.map(v => [v.name, v.stock, v.price])).toEqual([['Red', 4, null], ['Blue', 2, 2700]])
    expect(products.find(p => p.sku === 'CUP')).toMatchObject({ price: 1200, currency: 'JPY' })
  })

  it('round-trips: the export imported again changes nothing and exports the same file', async () => {
    const first = await csv()
    expect(first.split('\r\n')[0]).toBe('product_id,title,description,price,currency,stock,sku,external_url,images,archived,variant_id,variant_name,variant_price,variant_stock,variant_sku')
    // A formula-looking title is written so spreadsheets show it, not run it.
    expect(first).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    const before = await count()
    const answer = await importCsv(first)
    expect(answer.status).toBe(200)
    expect(answer.json.created).toBe(0)
    expect(answer.json.updated).toBe(before)
    expect(await count()).toBe(before)
    expect(await csv()).toBe(first)
  })

  it('refuses a file with bad rows as a whole, naming each line, and writes nothing', async () => {
    const before = await csv()
    const answer = await importCsv([
      'title,price,currency,stock',
      'Good one,1.00,EUR,1',
      ',2.00,EUR,1',
      'Bad price,2.999,EUR,1',
      'Bad currency,1,EURO,1',
      'Bad stock,1,EUR,-4',
    ].join('\n'))
    expect(answer.status).toBe(400)
    expect(answer.json.message).toMatch(/^Nothing was imported/)
    expect(answer.json.message).toMatch(/line 3: title: must not be empty/)
    expect(answer.json.message).toMatch(/line 4: price: "2.999" is not an amount/)
    expect(answer.json.message).toMatch(/line 5: currency/)
    expect(answer.json.message).toMatch(/line 6: stock: "-4" is not a whole number/)
    expect(await csv()).toBe(before)
    expect((await importCsv('name,cost\nx,1')).json.message).toMatch(/needs a header row with the columns title, price, currency/)
    expect((await fetch(`${stack.app.url}/api/products/import`, { method: 'POST', headers: { 'content-type': 'application/json', 'cookie': host }, body: '{}' })).status).toBe(415)
  })
})

describe('the catalog on PostgreSQL, images in an S3-compatible bucket, two app instances', () => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>
  let db: TestAnalyticsDb
  let app: AppServer
  let twin: AppServer | undefined
  let cookie: string
  let image: UploadedImage
  const localDir = mkdtempSync(join(tmpdir(), 'liveshop-s3-uploads-'))
  const localFiles = () => (existsSync(localDir) ? readdirSync(localDir, { recursive: true }).filter(name => String(name).endsWith('.webp')).length : 0)

  const schema = () => new URL(db.env.DATABASE_URL!).searchParams.get('schema')!
  async function imageRowsPg() {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    try {
      return Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema()}.images`)).rows[0]!.n)
    }
    finally {
      await client.end()
    }
  }
  const call = async (target: AppServer, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${target.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, json: await response.json() }
  }
  const storage = () => ({
    CLOUD_STORAGE_BUCKET: s3.bucket,
    CLOUD_STORAGE_ACCESS_KEY: 'AKIA-LIVESHOP-TEST',
    CLOUD_STORAGE_SECRET_KEY: 'liveshop-test-secret',
    CLOUD_STORAGE_REGION: 'us-east-1',
    CLOUD_STORAGE_ENDPOINT: s3.url,
  })

  beforeAll(async () => {
    s3 = await startFakeS3({ bucket: 'liveshop-uploads' })
    db = testAnalyticsDb('postgres')
    app = await startApp({ ...stack.appEnv, ...db.env, ...storage(), NUXT_UPLOADS_DIR: join(localDir, 'first') })
    cookie = await signIn(app.url, stack.hostKey)
  })

  afterAll(async () => {
    await twin?.stop()
    await app?.stop()
    await s3?.stop()
    await db?.cleanup()
    rmSync(localDir, { recursive: true, force: true })
  })

  it('stores every size in the bucket, none on the instance\'s disk, and serves it with the same URLs and headers', async () => {
    image = await uploadImage(app.url, cookie, await photo(2400, 1200, 'jpeg'))
    expect(image.url).toBe(`/uploads/${image.id}/480.webp`)
    expect((await s3.keys()).sort()).toEqual([`${image.id}/1080.webp`, `${image.id}/160.webp`, `${image.id}/480.webp`])
    expect(localFiles()).toBe(0)
    expect(await imageRowsPg()).toBe(1)
    // The same headers as local files give (the first describe block of this file).
    const local = await uploadImage(stack.app.url, host, await photo(2400, 1200, 'jpeg'))
    for (const width of [160, 480, 1080]) {
      const [fromBucket, fromDisk] = await Promise.all([
        fetch(`${app.url}/uploads/${image.id}/${width}.webp`),
        fetch(`${stack.app.url}/uploads/${local.id}/${width}.webp`),
      ])
      expect(fromBucket.status).toBe(200)
      for (const header of ['content-type', 'cache-control']) expect(fromBucket.headers.get(header)).toBe(fromDisk.headers.get(header))
      expect(fromBucket.headers.get('etag')).toBe(`"${image.id}-${width}"`)
      const meta = await sharp(Buffer.from(await fromBucket.arrayBuffer())).metadata()
      expect(meta).toMatchObject({ format: 'webp', width, height: width / 2 })
    }
    expect((await fetch(`${app.url}/uploads/${'f'.repeat(32)}/480.webp`)).status).toBe(404)
  })

  it('a second instance (same database and bucket, another disk) serves the same image', async () => {
    twin = await startApp({ ...app.env, NUXT_UPLOADS_DIR: join(localDir, 'second') })
    const [first, second] = await Promise.all([app, twin].map(async target => Buffer.from(await (await fetch(`${target.url}/uploads/${image.id}/160.webp`)).arrayBuffer())))
    expect(second!.length).toBeGreaterThan(0)
    expect(second!.equals(first!)).toBe(true)
  })

  it('refuses a non-image and leaves nothing in the bucket or the database', async () => {
    const keys = await s3.keys()
    const response = await fetch(`${app.url}/api/uploads`, { method: 'POST', headers: { 'content-type': 'image/jpeg', cookie }, body: 'not a picture, just text' })
    expect(response.status).toBe(415)
    expect(await s3.keys()).toEqual(keys)
    expect(await imageRowsPg()).toBe(1)
  })

  it('products with a variant, a show lineup and a CSV round-trip work on PostgreSQL', async () => {
    const created = await call(app, 'POST', '/api/products', {
      title: 'Clay mug', price: 1800, currency: 'EUR', images: [image.id], sku: 'MUG', variants: [{ name: 'Blue', stock: 4 }, { name: 'Sand', stock: 2, price: 2000 }],
    })
    expect(created.status).toBe(201)
    const product = created.json as Product
    expect(product).toMatchObject({ stock: 6, images: [image.id] })
    await createShow({ url: app.url, hostKey: stack.hostKey }, { id: 'clay-show', title: 'Clay week', lineup: [product.id] }, { cookie })
    // Read through the other instance: the show and its lineup are in the shared database.
    const detail = await (await fetch(`${twin!.url}/api/shows/clay-show`)).json() as ShowDetail
    expect(detail.lineup.map(p => [p.id, p.price, p.stock])).toEqual([[product.id, 1800, 6]])

    const exported = await (await fetch(`${app.url}/api/products/export.csv`, { headers: { cookie } })).text()
    expect(exported).toContain('Clay mug')
    const imported = await fetch(`${twin!.url}/api/products/import`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie }, body: exported })
    expect(await imported.json()).toEqual({ created: 0, updated: 1, variants: 2 })
    expect(await (await fetch(`${twin!.url}/api/products/export.csv`, { headers: { cookie } })).text()).toBe(exported)
  })

  it('host accounts work on PostgreSQL: created by ops, signed in with a password, show count counted', async () => {
    const opsKey = stack.opsKey
    const id = await createHostAccount(app.url, { name: 'Pia Potter', email: 'pia@example.com', password: 'pia long password' }, { opsKey })
    const pia = await signInHost(twin!.url, 'pia@example.com', 'pia long password')
    await createShow({ url: app.url, hostKey: stack.hostKey }, { id: 'pia-show' }, { cookie: pia })
    const ops = await signIn(app.url, opsKey)
    const { hosts } = await (await fetch(`${twin!.url}/api/hosts`, { headers: { cookie: ops } })).json() as { hosts: { id: string, shows: unknown }[] }
    expect(hosts).toEqual([expect.objectContaining({ id, shows: 1 })])
  })

  it('answers 503 to retry, not 500, while the bucket is unreachable, and keeps no half-stored upload', async () => {
    await s3.stop()
    const image503 = await fetch(`${app.url}/uploads/${image.id}/480.webp`)
    expect(image503.status).toBe(503)
    expect(image503.headers.get('cache-control')).toBe('no-store')
    expect((await image503.json()).message).toMatch(/Try again in a moment/)
    const upload = await fetch(`${app.url}/api/uploads`, { method: 'POST', headers: { 'content-type': 'image/jpeg', cookie }, body: new Uint8Array(await photo(400, 300, 'jpeg')) })
    expect(upload.status).toBe(503)
    expect(await imageRowsPg()).toBe(1)
  })
})
