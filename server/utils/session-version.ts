// Sessions that can be revoked. A session is a sealed cookie (nuxt-auth-utils) the server cannot
// delete, so each one carries the version of the credential it was made from, in its server-only
// `secure` part, and the role guard (requireRole / currentUser in auth.ts) compares it with the
// current one on every use:
// - the built-in key host and ops: a hash of the current access key — rotating HOST_ACCESS_KEY or
//   OPS_ACCESS_KEY signs out every session made with the old key;
// - account hosts (hosts table): `hosts.session_version` (bump it to sign the host out everywhere)
//   and `hosts.disabled` (a disabled host's sessions stop working at once, ~2 s across instances).
//
// SIGN-IN CODE: call `await startUserSession(event, user)` — never setUserSession — so the session is
// stamped with its version and replaces whatever session the browser had (no fixation, no role
// carried over from an earlier sign-in).
import { createHash } from 'node:crypto'
import type { H3Event } from 'h3'
import type { User } from '#auth-utils'
import { BUILTIN_HOST_ID } from '../db/schema/catalog'

/** A stable, non-reversible tag of an access key (never the key itself). */
export function keyVersion(role: string, key: string): string {
  return `k:${createHash('sha256').update(`liveshop-session:${role}:${key}`).digest('base64url').slice(0, 22)}`
}

const ACCOUNT_CACHE_MS = 2_000
const ACCOUNT_CACHE_MAX = 10_000
const accountVersions = new Map<string, { version: string | null, at: number }>()

async function accountVersion(hostId: string): Promise<string | null> {
  const now = Date.now()
  const cached = accountVersions.get(hostId)
  if (cached && now - cached.at < ACCOUNT_CACHE_MS) return cached.version
  const db = await requireDb()
  const row = await db.get<{ session_version: number, disabled: number }>('SELECT session_version, disabled FROM hosts WHERE id = ?', [hostId])
  const version = row && !Number(row.disabled) ? `v:${row.session_version}` : null
  if (accountVersions.size >= ACCOUNT_CACHE_MAX) accountVersions.clear()
  accountVersions.set(hostId, { version, at: now })
  return version
}

/**
 * The version a session of this user must carry to be valid now, or null when the user cannot
 * have a session at all (key unset, account disabled or deleted).
 */
export async function sessionVersionFor(user: Pick<User, 'role' | 'hostId'>): Promise<string | null> {
  const keys = resolveAccessKeys()
  if (user.role === 'ops') return keys.ops ? keyVersion('ops', keys.ops) : null
  if (user.role !== 'host') return null
  if (!user.hostId || user.hostId === BUILTIN_HOST_ID) return keys.host ? keyVersion('host', keys.host) : null
  return accountVersion(user.hostId)
}

/** After changing a host's session_version or disabled flag: stop trusting the cached value here. */
export function forgetSessionVersion(hostId?: string) {
  if (hostId) accountVersions.delete(hostId)
  else accountVersions.clear()
}

/** Signs a user in: a fresh session (replacing any other) stamped with its current version. */
export async function startUserSession(event: H3Event, user: User) {
  const sessionVersion = await sessionVersionFor(user)
  if (!sessionVersion) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message: 'This account cannot sign in.' })
  }
  // The device's chat identity (not a privilege) survives signing in; nothing else does.
  const { chatter } = await getUserSession(event)
  await replaceUserSession(event, { user, secure: { sessionVersion }, loggedInAt: Date.now(), ...(chatter ? { chatter } : {}) })
}

/** Whether a session (as getUserSession returns it) is still valid. */
export async function sessionIsCurrent(session: { user?: User, secure?: { sessionVersion?: string } }): Promise<boolean> {
  if (!session.user) return false
  const expected = await sessionVersionFor(session.user)
  return expected !== null && session.secure?.sessionVersion === expected
}
