import { timingSafeEqual, createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import type { SessionRole } from '#shared/types/auth'

/** Constant-time comparison that does not leak the key's length either. */
export function sameSecret(given: string, expected: string): boolean {
  if (!expected) return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** The role an access key grants, if any. */
export function roleForKey(event: H3Event, key: string): SessionRole | null {
  const keys = resolveAccessKeys()
  if (sameSecret(key, keys.host)) return 'host'
  if (sameSecret(key, keys.ops)) return 'ops'
  return null
}

/** 401 without a session, 403 with a session of another role. */
export async function requireRole(event: H3Event, ...roles: SessionRole[]) {
  const session = await getUserSession(event)
  if (!session.user) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Sign in as a host first (/login).' })
  }
  if (!roles.includes(session.user.role)) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message: `This needs a ${roles.join(' or ')} session; you are signed in as ${session.user.role}.` })
  }
  return session.user
}

export const requireHost = (event: H3Event) => requireRole(event, 'host')
export const requireHostOrOps = (event: H3Event) => requireRole(event, 'host', 'ops')
