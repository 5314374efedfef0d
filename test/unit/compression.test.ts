// Response compression as a browser sees it: a real h3 app on a loopback port with the same
// onBeforeResponse step the Nitro plugin registers, requested with different Accept-Encoding headers.
import { createServer, request, type Server } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, createRouter, defineEventHandler, setResponseHeader, setResponseStatus, toNodeListener } from 'h3'
import { compressHandlerResponse, pickResponseEncoding } from '../../server/utils/compression'

describe('pickResponseEncoding', () => {
  it('prefers brotli, falls back to gzip, and honours q=0 and *', () => {
    expect(pickResponseEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(pickResponseEncoding('gzip')).toBe('gzip')
    expect(pickResponseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(pickResponseEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip')
    expect(pickResponseEncoding('*')).toBe('br')
    expect(pickResponseEncoding('*, br;q=0')).toBe('gzip')
    expect(pickResponseEncoding('identity')).toBeUndefined()
    expect(pickResponseEncoding('gzip;q=0, br;q=0')).toBeUndefined()
    expect(pickResponseEncoding(undefined)).toBeUndefined()
    expect(pickResponseEncoding('')).toBeUndefined()
  })
})

const page = `<!DOCTYPE html><html><body>${'<p>Live now: spring collection</p>'.repeat(200)}</body></html>`
const list = Array.from({ length: 100 }, (_, i) => ({ id: `show-${i}`, title: `Show number ${i}`, live: i % 2 === 0 }))

let server: Server
let base: string

beforeAll(async () => {
  const app = createApp({ onBeforeResponse: compressHandlerResponse })
  const router = createRouter()
    .get('/page', defineEventHandler(() => page))
    .get('/list', defineEventHandler(() => list))
    .get('/small', defineEventHandler(() => ({ ok: true })))
    .get('/bytes', defineEventHandler((event) => {
      setResponseHeader(event, 'content-type', 'image/png')
      return Buffer.alloc(4096, 7)
    }))
    .get('/no-transform', defineEventHandler((event) => {
      setResponseHeader(event, 'cache-control', 'no-transform')
      return page
    }))
    .get('/missing', defineEventHandler((event) => {
      setResponseStatus(event, 404)
      return { statusCode: 404, message: 'No such show: '.repeat(100) }
    }))
  app.use(router)
  server = createServer(toNodeListener(app))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

/** Raw bytes and headers (fetch would decompress and hide what went over the wire). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, bytes: Buffer }>((resolve, reject) => {
    request(`${base}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

describe('compressHandlerResponse', () => {
  it('sends a page brotli-compressed to a browser, a fraction of its size, and it decodes to the same HTML', async () => {
    const answer = await get('/page', 'gzip, deflate, br, zstd')
    expect(answer.headers['content-encoding']).toBe('br')
    expect(answer.headers['content-type']).toMatch(/^text\/html/)
    expect(answer.headers.vary).toMatch(/Accept-Encoding/)
    expect(answer.bytes.length).toBeLessThan(Buffer.byteLength(page) / 10)
    expect(brotliDecompressSync(answer.bytes).toString()).toBe(page)
  })

  it('sends JSON gzip-compressed to a gzip-only client, still typed as JSON', async () => {
    const answer = await get('/list', 'gzip')
    expect(answer.headers['content-encoding']).toBe('gzip')
    expect(answer.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(gunzipSync(answer.bytes).toString())).toEqual(list)
  })

  it('keeps the status of an error answer while compressing its body', async () => {
    const answer = await get('/missing', 'br')
    expect(answer.status).toBe(404)
    expect(JSON.parse(brotliDecompressSync(answer.bytes).toString()).statusCode).toBe(404)
  })

  it('sends plain bytes to a client that accepts no encoding, with Vary so caches keep them apart', async () => {
    const answer = await get('/page')
    expect(answer.headers['content-encoding']).toBeUndefined()
    expect(answer.headers.vary).toMatch(/Accept-Encoding/)
    expect(answer.bytes.toString()).toBe(page)
  })

  it('leaves small bodies, binary bodies and no-transform answers as they are', async () => {
    const small = await get('/small', 'br')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(small.bytes.toString())).toEqual({ ok: true })

    const bytes = await get('/bytes', 'br')
    expect(bytes.headers['content-encoding']).toBeUndefined()
    expect(bytes.bytes.length).toBe(4096)

    const kept = await get('/no-transform', 'br')
    expect(kept.headers['content-encoding']).toBeUndefined()
    expect(kept.bytes.toString()).toBe(page)
  })
})
