import { Readable } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { compileRoutePattern, createRouteTable, pathOnly } from '../../server/utils/route-patterns'
import { createAllowedMethods } from '../../server/utils/api-methods'
import { announcesBody, bodyPolicyFor, crossSiteReason, DEFAULT_BODY_POLICY, mediaTypeOf } from '../../server/utils/request-policy'
import { BodyTooLarge, readCappedBody } from '../../server/utils/request-body'

describe('route patterns (Nitro style)', () => {
  it.each([
    ['/api/livekit/token', '/api/livekit/token', true],
    ['/api/livekit/token', '/api/livekit/token/', true],
    ['/api/livekit/token', '/api/livekit/tokens', false],
    ['/api/shows/:id', '/api/shows/abc', true],
    ['/api/shows/:id', '/api/shows', false],
    ['/api/shows/:id', '/api/shows/abc/chat', false],
    ['/api/shows/*/chat', '/api/shows/abc/chat', true],
    ['/api/uploads/**', '/api/uploads', true],
    ['/api/uploads/**', '/api/uploads/a/b/c', true],
    ['/api/**:path', '/api/x', true],
    ['/api/a.b', '/api/aXb', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(compileRoutePattern(pattern).test(path)).toBe(expected)
  })

  it('prefers the most specific pattern', () => {
    const table = createRouteTable([['/api/**', 'any'], ['/api/shows/:id', 'show'], ['/api/shows/new', 'new']])
    expect(table.lookup('/api/shows/new')).toBe('new')
    expect(table.lookup('/api/shows/x')).toBe('show')
    expect(table.lookup('/api/products')).toBe('any')
    expect(createRouteTable([['/api/a', 1]]).lookup('/api/b')).toBeUndefined()
  })

  it('strips query and fragment', () => {
    expect(pathOnly('/api/x?y=1#z')).toBe('/api/x')
    expect(pathOnly('')).toBe('/')
  })
})

describe('allowed methods per /api path (405 + Allow)', () => {
  const allowed = createAllowedMethods([
    { route: '', middleware: true },
    { route: '/api/**:path' },
    { route: '/api/livekit/token', method: 'get' },
    { route: '/api/shows', method: 'get' },
    { route: '/api/shows', method: 'post' },
    { route: '/api/shows/:id', method: 'get' },
    { route: '/api/shows/:id', method: 'patch' },
    { route: '/api/anything/**' },
    { route: '/__nuxt_error' },
  ])
  it.each([
    ['/api/livekit/token', ['GET']],
    ['/api/shows', ['GET', 'POST']],
    ['/api/shows/s1', ['GET', 'PATCH']],
    ['/api/anything/at/all', ['*']],
    ['/api/nope', []],
    ['/__nuxt_error', []],
  ])('%s → %j', (path, methods) => {
    expect(allowed(path)).toEqual(methods)
  })
})

describe('body policy', () => {
  it('defaults to JSON of at most 16 KB, checked for cross-site use', () => {
    expect(bodyPolicyFor('/api/auth/login')).toEqual(DEFAULT_BODY_POLICY)
    expect(bodyPolicyFor('/api/shows/abc/chat')).toEqual({ types: ['application/json'], maxBytes: 16 * 1024 })
  })

  it('lets the LiveKit webhook take 64 KB of application/webhook+json, from another site, only when signed', () => {
    const policy = bodyPolicyFor('/api/livekit/webhook')
    expect(policy.types).toContain('application/webhook+json')
    expect(policy.maxBytes).toBe(64 * 1024)
    expect(policy.requireHeaders).toEqual(['authorization'])
    expect(policy.crossSite).toBe(true)
  })

  it('reads 10 MB image uploads only for hosts', () => {
    const policy = bodyPolicyFor('/api/uploads')
    expect(policy.types).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp']))
    expect(policy.maxBytes).toBe(10 * 1024 * 1024)
    expect(policy.roles).toEqual(['host'])
  })

  it.each([
    ['application/json', 'application/json'],
    ['Application/JSON; charset=utf-8', 'application/json'],
    ['application/x-www-form-urlencoded;application/json', 'application/x-www-form-urlencoded'],
    ['text/plain;application/json', 'text/plain'],
    [' multipart/form-data; boundary=x', 'multipart/form-data'],
    [undefined, ''],
  ])('media type of %j is %j', (header, expected) => {
    expect(mediaTypeOf(header)).toBe(expected)
  })

  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '12' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
    [{ 'content-length': 'abc' }, true],
  ])('announcesBody(%j) = %s', (headers, expected) => {
    expect(announcesBody(headers)).toBe(expected)
  })
})

describe('cross-site requests (CSRF)', () => {
  const host = 'shop.example:8443'
  it.each([
    [{ 'sec-fetch-site': 'same-origin', host }, null],
    [{ 'sec-fetch-site': 'none', host }, null],
    [{ host }, null],
    [{ origin: 'https://shop.example:8443', host }, null],
    [{ origin: 'https://SHOP.example:8443', host }, null],
  ])('lets %j through', (headers, expected) => {
    expect(crossSiteReason(headers)).toBe(expected)
  })

  it.each([
    [{ 'sec-fetch-site': 'cross-site', 'origin': 'https://shop.example:8443', host }, /Sec-Fetch-Site: cross-site/],
    [{ 'sec-fetch-site': 'same-site', host }, /same-site/],
    [{ origin: 'https://evil.example', host }, /Origin: https:\/\/evil.example/],
    [{ origin: 'https://shop.example', host }, /another site/],
    [{ origin: 'null', host }, /opaque/],
    [{ origin: 'not a url', host }, /not a URL/],
  ])('refuses %j', (headers, reason) => {
    expect(crossSiteReason(headers)).toMatch(reason)
  })
})

describe('capped body reading', () => {
  const request = (chunks: Buffer[]) => Readable.from(chunks) as unknown as IncomingMessage

  it('returns a body within the cap whole', async () => {
    const body = await readCappedBody(request([Buffer.from('{"a":'), Buffer.from('1}')]), 7)
    expect(body.toString()).toBe('{"a":1}')
  })

  it('refuses a body one byte over the cap, without reading the rest of the stream', async () => {
    let produced = 0
    const endless = new Readable({
      read() {
        produced += 1024
        this.push(Buffer.alloc(1024))
      },
    }) as unknown as IncomingMessage
    await expect(readCappedBody(endless, 16 * 1024)).rejects.toBeInstanceOf(BodyTooLarge)
    const soon = produced
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(produced).toBeLessThan(200 * 1024)
    expect(produced - soon).toBeLessThanOrEqual(64 * 1024)
    await expect(readCappedBody(request([Buffer.alloc(8)]), 7)).rejects.toThrow(/larger than 7 bytes/)
  })
})
