import { timingSafeEqual, createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import type { User } from '#auth-utils'
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

/**
 * The signed-in user, or null. A session whose credential changed since sign-in (access key
 * rotated, account disabled or its session_version bumped) counts as none, and its cookie is cleared.
 */
export async function currentUser(event: H3Event): Promise<User | null> {
  const session = await getUserSession(event)
  if (!session.user) return null
  if (await sessionIsCurrent(session)) return session.user
  await clearUserSession(event)
  event.context.sessionEnded = true
  return null
}

/** 401 without a (current) session, 403 with a session of another role. */
export async function requireRole(event: H3Event, ...roles: SessionRole[]): Promise<User> {
  const user = await currentUser(event)
  if (!user) {
    const message = event.context.sessionEnded
      ? 'Your session has ended (signed out elsewhere or the access key changed). Sign in again (/login).'
      : 'Sign in as a host first (/login).'
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message })
  }
  if (!roles.includes(user.role)) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message: `This needs a ${roles.join(' or ')} session; you are signed in as ${user.role}.` })
  }
  return user
}

export const requireHost = (event: H3Event) => requireRole(event, 'host')
export const requireHostOrOps = (event: H3Event) => requireRole(event, 'host', 'ops')
