// ─────────────────────────────────────────────────────────────────────────────────────────────
// THE one place that says which /api requests may carry what body. Every POST/PUT/PATCH/DELETE
// under /api goes through server/middleware/request-guard.ts, which applies, before any route runs:
//
//   1. 405 + Allow        a known /api path called with a method none of its routes has
//   2. 403 cross-site     a browser request whose Sec-Fetch-Site / Origin is not this site
//                         (CSRF defence on top of SameSite=Lax; cookie or not)
//   3. 401 missing header `requireHeaders` (webhook signatures) are checked BEFORE the body is read
//   4. 401/403 session    `roles`: big bodies (uploads) are only read for a signed-in host/ops
//   5. 415 media type     the body's media type must be one of `types` (default: exactly application/json)
//   6. 413 too large      the body is read while streaming and refused past `maxBytes` (default 16 KB),
//                         also when chunked (no Content-Length); the connection is then closed
//
// The body read here is handed to the route: readBody / readRawBody / readMultipartFormData /
// readValidatedBody / validBody just work and never read more than the cap.
//
// A NEW ROUTE THAT TAKES A JSON BODY ≤ 16 KB NEEDS NOTHING HERE. Add one line below only when it
// needs something else: another media type (multipart upload, image, text/plain beacon), a bigger
// body, a webhook signature header, or server-to-server calls from another site. Patterns are
// Nitro's: `:id` / `*` = one path segment, `**` = the rest. The most specific pattern wins.
// ─────────────────────────────────────────────────────────────────────────────────────────────
import type { SessionRole } from '#shared/types/auth'
import { createRouteTable } from './route-patterns'

export interface BodyPolicy {
  /** Accepted media types (the part of Content-Type before ';', compared lowercase). */
  types: readonly string[]
  /** Largest body accepted, in bytes (enforced while reading, chunked or not). */
  maxBytes: number
  /** Headers that must be present, else 401 before a byte of the body is read. */
  requireHeaders?: readonly string[]
  /** Only read the body for these signed-in roles (401/403 first): for big uploads. */
  roles?: readonly SessionRole[]
  /** Server-to-server callers (webhooks): skip the cross-site check. Never for browser routes. */
  crossSite?: boolean
}

export const KB = 1024
export const MB = 1024 * KB

export const DEFAULT_BODY_POLICY: BodyPolicy = { types: ['application/json'], maxBytes: 16 * KB }

const JSON_ONLY = ['application/json'] as const
const IMAGES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const

/** Exceptions to DEFAULT_BODY_POLICY, by route pattern. Keep each line's reason next to it. */
export const BODY_POLICIES: Record<string, Partial<BodyPolicy>> = {
  // LiveKit signs each delivery with a JWT in Authorization (the body's sha256 inside); it posts
  // application/webhook+json from its own servers.
  '/api/livekit/webhook': { types: ['application/webhook+json', ...JSON_ONLY], maxBytes: 64 * KB, requireHeaders: ['authorization'], crossSite: true },
  // Stripe posts from its servers with a Stripe-Signature header over the raw body.
  '/api/shop/stripe-webhook': { types: JSON_ONLY, maxBytes: 64 * KB, requireHeaders: ['stripe-signature'], crossSite: true },
  // Images (helper "catalog"): the raw file as the body (or multipart), ≤ 10 MB, read for hosts only.
  '/api/uploads': { types: [...IMAGES, 'multipart/form-data'], maxBytes: 10 * MB, roles: ['host'] },
  // Product CSV import: the file as the body, ≤ 2 MB, hosts only.
  '/api/products/import': { types: ['text/csv', 'text/plain'], maxBytes: 2 * MB, roles: ['host'] },
  // The studio's preview snapshot of a live show (composables/useStudioSnapshot.ts): one JPEG of
  // ≤ 50 KB as the raw body, 64 KB cap for headroom, read for hosts only.
  '/api/shows/:id/snapshot': { types: ['image/jpeg'], maxBytes: 64 * KB, roles: ['host'] },
  // Conversion events (helper "shop"): navigator.sendBeacon can only send CORS-safelisted types
  // without a preflight, i.e. text/plain (a JSON text); from viewers without a session.
  '/api/shop/events': { types: ['text/plain', ...JSON_ONLY], maxBytes: 16 * KB },
}

const table = createRouteTable(Object.entries(BODY_POLICIES))

export function bodyPolicyFor(path: string): BodyPolicy {
  const exception = table.lookup(path)
  return exception ? { ...DEFAULT_BODY_POLICY, ...exception } : DEFAULT_BODY_POLICY
}

/** `Application/JSON; charset=utf-8` → `application/json`; '' when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()
}

/** Whether the request announces a body (a Content-Length above 0, or any Transfer-Encoding). */
export function announcesBody(headers: { 'content-length'?: string, 'transfer-encoding'?: string }): boolean {
  if (headers['transfer-encoding']) return true
  const length = Number(headers['content-length'] ?? 0)
  return !Number.isFinite(length) || length > 0
}

export interface OriginHeaders {
  'sec-fetch-site'?: string
  'origin'?: string
  /** The host this server is reached at (Host, or X-Forwarded-Host behind a trusted proxy). */
  'host'?: string
}

/**
 * Why a request is cross-site (→ 403), or null when it comes from this site or from no browser.
 * Browsers send Sec-Fetch-Site (all current ones) or at least Origin on every POST; scripts and
 * servers send neither, and cannot ride a user's cookies anyway.
 */
export function crossSiteReason(headers: OriginHeaders): string | null {
  const site = headers['sec-fetch-site']?.toLowerCase()
  // 'none' = the user typed or bookmarked it (no other site involved).
  if (site) return site === 'same-origin' || site === 'none' ? null : `it came from another site (Sec-Fetch-Site: ${site})`
  const origin = headers.origin
  if (!origin) return null
  if (origin === 'null') return 'it came from an opaque origin (Origin: null)'
  let originHost: string
  try {
    originHost = new URL(origin).host.toLowerCase()
  }
  catch {
    return 'its Origin header is not a URL'
  }
  return originHost === (headers.host ?? '').toLowerCase() ? null : `it came from another site (Origin: ${origin})`
}
