import type { IncomingHttpHeaders } from 'node:http'
import { parseCookies, type H3Event } from 'h3'

// Whether a request carries a session at all, without unsealing it: the cheap test that lets
// anonymous requests skip session work, and decides who may get the home page's shared copy.
// It must look everywhere h3's useSession reads a session from: the cookie AND the
// `x-<name>-session` header (h3's default `sessionHeader`). A request that sent its sealed
// session only in that header rendered as its user; counted as anonymous, that page became the
// copy every visitor got (host links, and the user's session in the payload).

/** The header h3's useSession also reads a sealed session from (its default `sessionHeader`). */
export function sessionHeaderName(sessionName: string): string {
  return `x-${sessionName.toLowerCase()}-session`
}

/** Pure: the request's cookies and headers carry a session named `sessionName` (valid or not). */
export function carriesSession(cookies: Record<string, string>, headers: IncomingHttpHeaders, sessionName: string): boolean {
  const header = headers[sessionHeaderName(sessionName)]
  return Boolean(cookies[sessionName] || (Array.isArray(header) ? header.length : header))
}

/** True when the request sent a session (cookie or header), valid or not. */
export function requestHasSession(event: H3Event): boolean {
  return carriesSession(parseCookies(event), event.node.req.headers, useRuntimeConfig().session.name || 'nuxt-session')
}
