// What the built server sends over the wire: pages and their scripts compressed for a browser that
// accepts br/gzip (precompressed files for the build's assets), hashed assets cached for a year,
// the service worker always revalidated. Raw node:http requests, because fetch() decodes bodies.
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack'

let stack: Stack

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
})

afterAll(async () => {
  await stack?.stop()
})

interface RawAnswer { status: number, headers: Record<string, string | string[] | undefined>, bytes: Buffer }

function get(path: string, acceptEncoding?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    request(`${stack.app.url}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

const decode = ({ headers, bytes }: RawAnswer) =>
  headers['content-encoding'] === 'br' ? brotliDecompressSync(bytes) : headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes

const BROWSER = 'gzip, deflate, br, zstd'

describe('compressed delivery', () => {
  it('sends the watch page brotli-compressed, and every script it loads first precompressed and cached for a year', async () => {
    const page = await get('/watch/compression-show', BROWSER)
    expect(page.headers['content-encoding']).toBe('br')
    const html = decode(page).toString()
    expect(html).toContain('<div id="__nuxt"')

    const scripts = [...new Set([...html.matchAll(/(?:src|href)="(\/_nuxt\/[^"]+\.js)"/g)].map(match => match[1]!))]
    expect(scripts.length).toBeGreaterThan(0)
    let plainBytes = 0
    let wireBytes = 0
    for (const script of scripts) {
      const plain = await get(script)
      const br = await get(script, BROWSER)
      const gzip = await get(script, 'gzip')
      expect(plain.status).toBe(200)
      for (const answer of [plain, br, gzip]) expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(decode(br).equals(plain.bytes)).toBe(true)
      expect(decode(gzip).equals(plain.bytes)).toBe(true)
      // Files under 1 KB are not worth an encoding (Nitro skips them); every other one is precompressed.
      if (plain.bytes.length >= 1024) {
        expect(br.headers['content-encoding']).toBe('br')
        expect(gzip.headers['content-encoding']).toBe('gzip')
      }
      plainBytes += plain.bytes.length
      wireBytes += br.bytes.length
    }
    // Brotli takes scripts to well under half their size; a browser downloads the smaller one.
    expect(wireBytes).toBeLessThan(plainBytes / 2)
  })

  it('leaves a small JSON answer as it is (not worth the encoding), still readable JSON', async () => {
    const answer = await get('/api/livekit/token?room=', BROWSER)
    expect(answer.status).toBe(400)
    expect(answer.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(answer.bytes.toString())).toMatchObject({ statusCode: 400 })
  })

  it('compresses the service worker too, but never lets a browser keep it without asking', async () => {
    const worker = await get('/sw.js', BROWSER)
    expect(worker.status).toBe(200)
    expect(worker.headers['content-encoding']).toBe('br')
    expect(worker.headers['cache-control']).toBe('public, max-age=0, must-revalidate')
    expect(decode(worker).toString()).toContain('precacheAndRoute')
  })
})
