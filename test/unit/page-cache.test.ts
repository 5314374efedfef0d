import { describe, expect, it } from 'vitest'
import { createPageCache, renonce, type CachedPage } from '../../server/utils/page-cache'

const page = (at: number, nonce: string | null = 'OLDnonceOLDnonceOLDnonce'): CachedPage => ({
  body: `<script nonce="${nonce}">1</script><p>hi</p>`, statusCode: 200, nonce, at,
  headers: { 'content-security-policy': `script-src 'nonce-${nonce}'`, 'content-type': 'text/html' },
})

describe('page cache', () => {
  it('serves a fresh copy, lets ONE request re-render a stale one, and never serves one past staleMs', () => {
    let clock = 0
    const cache = createPageCache({ freshMs: 2_000, staleMs: 10_000, now: () => clock })
    expect(cache.lookup()).toEqual({ capture: true })
    cache.store(page(0))
    clock = 1_999
    expect('page' in cache.lookup()).toBe(true)
    clock = 3_000
    expect(cache.lookup()).toEqual({ capture: true })
    // While that request renders, the others get the stale copy.
    expect('page' in cache.lookup()).toBe(true)
    cache.abandon()
    expect(cache.lookup()).toEqual({ capture: true })
    clock = 10_000
    expect(cache.lookup()).toEqual({ capture: true })
    expect(cache.lookup()).toEqual({ capture: true })
  })

  it('gives every response its own nonce, in the HTML and the CSP header', () => {
    const copy = renonce(page(0), 'NEWnonceNEWnonceNEWnonce')
    expect(copy.body).toBe('<script nonce="NEWnonceNEWnonceNEWnonce">1</script><p>hi</p>')
    expect(copy.headers['content-security-policy']).toBe('script-src \'nonce-NEWnonceNEWnonceNEWnonce\'')
    expect(copy.headers['content-type']).toBe('text/html')
    expect(renonce(page(0, null), 'x').body).toBe('<script nonce="null">1</script><p>hi</p>')
  })
})
