// Property-based fuzzing of every /api route (fast-check), shared by the e2e test (a smaller run in
// npm test) and the bench (10,000 requests). Routes are read from server/api/'s file names, so routes
// added later are fuzzed without editing this file. The property: the server never answers 5xx
// (except a 503 the caller expects, e.g. a dependency deliberately left unconfigured), every 4xx is
// JSON { statusCode, message } with a message, a 405 names what is allowed, and the process stays up
// with bounded memory (checked by the caller from the samples returned).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import fc from 'fast-check'

/** [{ path: '/api/shows/:id', method: 'GET' }…] from server/api (the catch-all left out). */
export function listApiRoutes(root) {
  const base = join(root, 'server/api')
  const routes = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(full)
        continue
      }
      const match = /^(.*?)(?:\.(get|post|put|patch|delete))?\.ts$/.exec(relative(base, full))
      if (!match || match[1].includes('[...')) continue
      const segments = match[1].split('/').filter((segment, i, all) => !(segment === 'index' && i === all.length - 1))
      const path = `/api/${segments.map(segment => segment.replace(/^\[(\w+)\]$/, ':$1')).join('/')}`.replace(/\/$/, '')
      routes.push({ path, method: (match[2] ?? 'get').toUpperCase() })
    }
  }
  walk(base)
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
}

/** Resident memory of a process in MB (Linux). */
export function rssMb(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return kb / 1024
}

const QUERY_KEYS = ['room', 'username', 'admin', 'from', 'to', 'days', 'limit', 'status', 'cursor', 'before', 'after', 'q', 'show', 'id', 'page']
const BODY_KEYS = ['key', 'roomName', 'egressId', 'mode', 'audioOnly', 'title', 'description', 'price', 'currency', 'stock', 'text', 'name', 'email',
  'password', 'items', 'quantity', 'productId', 'variantId', 'showId', 'minutes', 'chatterId', 'messageId', 'enabled', 'slowModeSeconds', 'events', 'scheduledAt', 'products']

const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^[a-z0-9-]{1,24}$/),
  fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', 'null', 'true', '-1', '1e309', '-271821-04-20', '2026-01-31T18:00:00Z', '\u202Eevil', '😀'.repeat(40), '<script>alert(1)</script>', '\' OR 1=1 --'),
  fc.integer({ min: 1, max: 5000 }).map(n => 'x'.repeat(n)),
)
const jsonValue = fc.oneof(oddString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(oddString, { maxLength: 4 }), fc.dictionary(oddString, oddString, { maxKeys: 3 }))

/**
 * One request: a route (or a random /api path), a method (usually the route's own), path params,
 * query, body, media type, cookie and headers — all of them possibly wrong.
 */
export function requestArbitrary(routes) {
  const route = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...routes) },
    { weight: 1, arbitrary: fc.array(fc.stringMatching(/^[\w.~-]{1,12}$/), { minLength: 1, maxLength: 4 }).map(parts => ({ path: `/api/${parts.join('/')}`, method: 'GET' })) },
  )
  return fc.record({
    route,
    // Mostly the route's own method (undefined); one request in four another one.
    method: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') }),
    param: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,20}$/), oddString),
    query: fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), oddString), fc.oneof(oddString, fc.array(oddString, { minLength: 2, maxLength: 3 })), { maxKeys: 4 }),
    body: fc.oneof(
      fc.constant(undefined),
      fc.dictionary(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...BODY_KEYS) }, oddString), jsonValue, { maxKeys: 6 }).map(value => JSON.stringify(value)),
      fc.json({ maxDepth: 3 }),
      oddString,
      fc.integer({ min: 17_000, max: 70_000 }).map(n => JSON.stringify({ text: 'y'.repeat(n) })),
    ),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded;application/json',
      'multipart/form-data; boundary=x', 'image/jpeg', 'application/webhook+json', undefined),
    cookie: fc.constantFrom('host', 'ops', 'none', 'none', 'forged', 'garbage'),
    // Header values must be visible ASCII (fetch refuses others before sending).
    authorization: fc.option(fc.oneof(fc.constant('Bearer a.b.c'), oddString.map(value => value.replace(/[^\x21-\x7E]/g, '') || 'x')), { freq: 4, nil: undefined }),
    origin: fc.constantFrom(undefined, undefined, 'same', 'https://evil.example', 'null'),
    forwardedFor: fc.option(fc.ipV4(), { freq: 3, nil: undefined }),
  })
}

/** Turns a generated request into fetch() arguments. */
export function toFetch(baseUrl, sample, cookies) {
  const method = sample.method ?? sample.route.method
  const path = sample.route.path.replace(/:(\w+)/g, () => encodeURIComponent(sample.param.toWellFormed()))
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(sample.query)) {
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one)
  }
  const headers = {}
  if (sample.contentType && sample.body !== undefined) headers['content-type'] = sample.contentType
  const cookie = { host: cookies.host, ops: cookies.ops, forged: 'liveshop-session=Fe26.2**forged**x*y**z*w', garbage: 'a=b; liveshop-session=%%%' }[sample.cookie]
  if (cookie) headers.cookie = cookie
  if (sample.authorization !== undefined) headers.authorization = sample.authorization
  if (sample.authorization !== undefined) headers['stripe-signature'] = sample.authorization
  if (sample.origin) headers.origin = sample.origin === 'same' ? baseUrl : sample.origin
  if (sample.forwardedFor) headers['x-forwarded-for'] = sample.forwardedFor
  const hasBody = sample.body !== undefined && !['GET', 'HEAD'].includes(method)
  return { url: `${baseUrl}${path}${query.size ? `?${query}` : ''}`, init: { method, headers, body: hasBody ? sample.body : undefined, redirect: 'manual' }, method, path }
}

/**
 * What is wrong with an answer, or null. `expected5xx(path, status)` may allow a 5xx the caller
 * set up on purpose (a dependency left unconfigured).
 */
export async function checkResponse(response, request, expected5xx = () => false) {
  const text = await response.text()
  const { status } = response
  if (status >= 500 && !expected5xx(request.path, status)) return `${status} ${text.slice(0, 300)}`
  // Node's HTTP parser answers a request line/headers over 16 KB itself, before the app runs.
  if (status < 400 || request.method === 'HEAD' || status === 431) return null
  if (!/application\/json/.test(response.headers.get('content-type') ?? '')) return `${status} without a JSON body (${response.headers.get('content-type')})`
  let body
  try {
    body = JSON.parse(text)
  }
  catch {
    return `${status} with a body that is not JSON: ${text.slice(0, 200)}`
  }
  if (body.statusCode !== status) return `${status} whose body says statusCode ${body.statusCode}`
  if (typeof body.message !== 'string' || !/\w{3,}/.test(body.message)) return `${status} without a message: ${text.slice(0, 200)}`
  if (/\bat .*\.(m?js|ts):\d+/.test(text)) return `${status} with a stack trace`
  if (status === 405 && !response.headers.get('allow')) return '405 without Allow'
  return null
}

/**
 * Sends `runs` generated requests one after another as a fast-check property (the first failure
 * ends the run and is reported with the request that caused it). Returns counts per status and RSS
 * samples.
 * @param {{ baseUrl: string, routes: Array<{ path: string, method: string }>, runs: number,
 *   cookies: { host: string, ops: string }, pid?: number, seed?: number,
 *   expected5xx?: (path: string, status: number) => boolean, timeoutMs?: number }} options
 */
export async function fuzzApi({ baseUrl, routes, runs, cookies, pid = undefined, seed = undefined, expected5xx = () => false, timeoutMs = 15_000 }) {
  const statuses = new Map()
  const rss = []
  let sent = 0
  const property = fc.asyncProperty(requestArbitrary(routes), async (sample) => {
    const request = toFetch(baseUrl, sample, cookies)
    const response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(timeoutMs) })
    sent++
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
    if (pid && sent % 250 === 0) rss.push(rssMb(pid))
    const problem = await checkResponse(response, request, expected5xx)
    if (problem) throw new Error(`${request.method} ${request.url.slice(baseUrl.length, baseUrl.length + 200)} → ${problem}`)
  })
  await fc.assert(property, { numRuns: runs, seed, endOnFailure: true })
  return { sent, statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])), rss }
}
