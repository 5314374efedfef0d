// A rendered page kept for a moment and served again to visitors for whom it would render the same
// (the home page without a session: nothing in it depends on who asks). Server-side rendering costs
// ~7 ms of CPU per request here, so 200 visitors at once queued for seconds; a copy costs a string
// replace. CSP stays per response: the copy's nonce is swapped for this request's fresh one
// (renonce), so no two responses share a nonce. Pure (no Nitro imports), unit-tested.

export interface CachedPage {
  body: string
  statusCode: number
  headers: Record<string, string>
  /** The CSP nonce the page was rendered with, or null when nonces are off. */
  nonce: string | null
  at: number
}

export interface PageCacheOptions {
  /** Served as is while younger than this. */
  freshMs: number
  /** Up to this age, served while ONE request renders a fresh copy; older copies are not served. */
  staleMs: number
  now?: () => number
}

export type PageLookup = { page: CachedPage } | { capture: boolean }

export function createPageCache(options: PageCacheOptions) {
  const now = options.now ?? Date.now
  let entry: CachedPage | null = null
  let refreshingSince: number | null = null

  return {
    /** A copy to serve, or "render" (capture: keep what this request renders). */
    lookup(): PageLookup {
      const at = now()
      const age = entry ? at - entry.at : Number.POSITIVE_INFINITY
      if (entry && age < options.freshMs) return { page: entry }
      if (entry && age < options.staleMs) {
        // One request renders the next copy; a renderer that never reported back is replaced.
        if (refreshingSince !== null && at - refreshingSince < options.freshMs * 2) return { page: entry }
        refreshingSince = at
        return { capture: true }
      }
      return { capture: true }
    },
    store(page: CachedPage) {
      entry = page
      refreshingSince = null
    },
    /** The capturing request made nothing worth keeping (an error page, a cookie was set). */
    abandon() {
      refreshingSince = null
    },
  }
}

/** The copy with its nonce replaced by `nonce` (body and CSP header alike). */
export function renonce(page: CachedPage, nonce: string | null | undefined): { body: string, headers: Record<string, string> } {
  if (!page.nonce || !nonce || page.nonce === nonce) return { body: page.body, headers: page.headers }
  const swap = (text: string) => text.replaceAll(page.nonce!, nonce)
  return {
    body: swap(page.body),
    headers: Object.fromEntries(Object.entries(page.headers).map(([name, value]) => [name, swap(value)])),
  }
}

/** Headers a copy must not repeat: per-response or about this body's encoding/length. */
export const UNCACHED_HEADERS = new Set(['set-cookie', 'content-length', 'content-encoding', 'vary', 'date', 'etag', 'last-modified', 'transfer-encoding', 'connection', 'keep-alive'])
