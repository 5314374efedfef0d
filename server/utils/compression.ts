import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { getRequestHeader, getResponseHeader, getResponseStatus, setResponseHeader, removeResponseHeader, type H3Event } from 'h3'

// Compression of responses the server renders (HTML pages, JSON from /api). Hashed build assets
// are compressed once at build time (nitro.compressPublicAssets) and served as .br/.gz files;
// this covers what only exists per request. Behind a proxy that compresses, turn it off with
// NUXT_COMPRESS_RESPONSES=false (README "Compression and caching").

export type ResponseEncoding = 'br' | 'gzip'

/** Below this many bytes the encoding headers cost about what compression saves. */
export const COMPRESSION_MIN_BYTES = 1024

const COMPRESSIBLE_TYPE = /^(?:text\/|application\/(?:json|javascript|xml|manifest\+json|[\w.+-]+\+json)|image\/svg\+xml)/i

// Brotli 4 is faster than gzip 6 and smaller: right for bodies made per request (the build uses 11).
const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }
const brotliAsync = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/**
 * The encoding to answer with for an Accept-Encoding header: brotli when accepted, else gzip,
 * else none. Honours `q=0` ("not this one") and `*`.
 */
export function pickResponseEncoding(acceptEncoding: string | undefined): ResponseEncoding | undefined {
  if (!acceptEncoding) return undefined
  const weights = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    weights.set(name, Number.isFinite(weight) ? weight : 0)
  }
  const weightOf = (name: ResponseEncoding) => weights.get(name) ?? weights.get('*') ?? 0
  const br = weightOf('br')
  const gz = weightOf('gzip')
  if (br > 0 && br >= gz) return 'br'
  if (gz > 0) return 'gzip'
  return undefined
}

export function compressBytes(body: string | Uint8Array, encoding: ResponseEncoding): Promise<Buffer> {
  return encoding === 'br' ? brotliAsync(body, brotliOptions) : gzipAsync(body, { level: 6 })
}

function isPlainJson(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false
  if (Array.isArray(body)) return true
  const proto = Object.getPrototypeOf(body)
  return proto === Object.prototype || proto === null
}

/**
 * An h3 `onBeforeResponse` step (Nitro's `beforeResponse` hook): when the handler returned an HTML
 * string or a JSON value, the client accepts br/gzip and the body is worth it, the body becomes
 * the compressed bytes with Content-Encoding and Vary set. Anything already encoded, streamed,
 * sent by the handler itself, marked no-transform, or not text is left as it is.
 */
export async function compressHandlerResponse(event: H3Event, response: { body?: unknown }): Promise<void> {
  if (event.handled || event.method === 'HEAD') return
  const status = getResponseStatus(event)
  if (status === 204 || status === 304 || status < 200) return
  if (getResponseHeader(event, 'content-encoding')) return
  if (/no-transform/i.test(String(getResponseHeader(event, 'cache-control') ?? ''))) return

  const { body } = response
  let text: string
  let type = String(getResponseHeader(event, 'content-type') ?? '')
  if (typeof body === 'string') {
    text = body
    type ||= 'text/html; charset=utf-8'
  }
  else if (isPlainJson(body)) {
    text = JSON.stringify(body)
    type ||= 'application/json; charset=utf-8'
  }
  else return
  if (!COMPRESSIBLE_TYPE.test(type)) return

  // Whatever this client gets, a cache must not give it to one that accepts another encoding.
  const vary = String(getResponseHeader(event, 'vary') ?? '')
  if (!/accept-encoding|\*/i.test(vary)) setResponseHeader(event, 'vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')

  const encoding = pickResponseEncoding(getRequestHeader(event, 'accept-encoding'))
  if (!encoding || Buffer.byteLength(text) < COMPRESSION_MIN_BYTES) return
  response.body = await compressBytes(text, encoding)
  setResponseHeader(event, 'content-type', type)
  setResponseHeader(event, 'content-encoding', encoding)
  removeResponseHeader(event, 'content-length')
}
