// Applies the request policy to every /api request before any route runs: 405 for a wrong
// method, then for requests with a body: cross-site refusal, required headers, session, media
// type, and a size cap enforced while streaming. What each route may receive is declared in ONE
// place, server/utils/request-policy.ts (read its header before adding an upload or a webhook).
import type { H3Event } from 'h3'
import { handlers } from '#nitro-internal-virtual/server-handlers'
import { createAllowedMethods } from '../utils/api-methods'
import { BodyTooLarge, readCappedBody } from '../utils/request-body'
import { announcesBody, bodyPolicyFor, crossSiteReason, mediaTypeOf } from '../utils/request-policy'
import { pathOnly } from '../utils/route-patterns'

// Built on first use: this middleware is itself in `handlers`, which is not initialised yet when
// this module is evaluated.
let allowedMethods: ReturnType<typeof createAllowedMethods> | undefined
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// h3 reads a body cached under this symbol instead of the stream (readRawBody, readBody, …).
const RAW_BODY = Symbol.for('h3RawBody')

const refuse = (statusCode: number, statusMessage: string, message: string) => createError({ statusCode, statusMessage, message })

export default defineEventHandler(async (event) => {
  const path = pathOnly(event.path)
  if (!path.startsWith('/api/')) return
  try {
    await guard(event, path)
  }
  catch (error) {
    // Refused before the body was read whole: answer, then stop listening to the rest.
    if (announcesBody(event.node.req.headers) && !event.node.req.complete) discardThenClose(event)
    throw error
  }
})

async function guard(event: H3Event, path: string) {
  allowedMethods ??= createAllowedMethods(handlers)
  const methods = allowedMethods(path)
  if (methods.length && methods[0] !== '*' && !methods.includes(event.method)) {
    setResponseHeader(event, 'Allow', methods.join(', '))
    throw refuse(405, 'Method Not Allowed', `${event.method} is not allowed on ${path}; use ${methods.join(' or ')}.`)
  }
  if (!PAYLOAD_METHODS.has(event.method)) return

  const policy = bodyPolicyFor(path)
  const headers = event.node.req.headers
  if (!policy.crossSite) {
    const reason = crossSiteReason({
      'sec-fetch-site': headers['sec-fetch-site'] as string | undefined,
      'origin': headers.origin,
      'host': getRequestHost(event, { xForwardedHost: proxyIsTrusted() }),
    })
    if (reason) throw refuse(403, 'Forbidden', `This request was refused because ${reason}. Use the app itself to do this.`)
  }
  const missing = policy.requireHeaders?.filter(name => !headers[name])
  if (missing?.length) {
    throw refuse(401, 'Unauthorized', `Missing ${missing.map(headerName).join(', ')} header: this endpoint only accepts signed requests.`)
  }
  if (policy.roles) await requireRole(event, ...policy.roles)
  if (!announcesBody(headers)) return

  const type = mediaTypeOf(headers['content-type'])
  if (!policy.types.includes(type)) {
    throw refuse(415, 'Unsupported Media Type', `Send the body as ${policy.types.join(' or ')}${type ? ` (not ${type})` : ' with a Content-Type header'}.`)
  }
  if (Number(headers['content-length']) > policy.maxBytes) throw tooLarge(policy.maxBytes)
  try {
    const body = await readCappedBody(event.node.req, policy.maxBytes)
    ;(event.node.req as unknown as Record<symbol, unknown>)[RAW_BODY] = Promise.resolve(body)
  }
  catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge(policy.maxBytes)
    throw refuse(400, 'Bad Request', 'The request body could not be read completely. Send it again.')
  }
}

const headerName = (name: string) => name.replace(/(^|-)\w/g, letter => letter.toUpperCase())

function tooLarge(maxBytes: number) {
  const size = maxBytes >= 1024 * 1024 ? `${Math.floor(maxBytes / 1024 / 1024)} MB` : `${Math.floor(maxBytes / 1024)} KB`
  return refuse(413, 'Payload Too Large', `The request body is too large: at most ${size} is accepted here.`)
}

// After an early answer the client may still be sending. Closing at once would make the kernel
// reset the connection, and the client could lose the answer (so would `Connection: close`);
// reading everything would let it stream gigabytes. So: read and drop up to 1 MB more; past that,
// stop reading and cut the connection 2 s after the answer went out.
const DISCARD_LIMIT = 1024 * 1024
const CLOSE_DELAY_MS = 2_000
function discardThenClose(event: H3Event) {
  const { req, res } = event.node
  // Node would otherwise close the socket right after the answer (it answers `Connection: close`
  // to an unfinished body), with the body still arriving: the kernel then resets the connection
  // and the client may never read the answer. Kept open while we drop the rest, up to the limit.
  res.shouldKeepAlive = true
  let discarded = 0
  const cut = () => setTimeout(() => req.socket.destroy(), CLOSE_DELAY_MS).unref()
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded <= DISCARD_LIMIT || req.isPaused()) return
    req.pause()
    if (res.writableFinished) cut()
    else res.once('finish', cut)
  })
  req.resume()
}
