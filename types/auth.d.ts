import type { SessionRole } from '../shared/types/auth'

// The session's user, as nuxt-auth-utils stores it in the sealed cookie.
declare module '#auth-utils' {
  interface User {
    role: SessionRole
    /** Hosts: the hosts row they act as ('builtin' for the HOST_ACCESS_KEY host). */
    hostId?: string
    /** Display name (hosts: their account name). */
    name?: string
  }
  interface UserSession {
    /**
     * Who this device is in chat (a random id and the display name it chose). Kept apart from
     * `user`, so a signed-in host or ops can also chat (with a badge) and signing in keeps it.
     */
    chatter?: { id: string, name: string }
  }
  // Server-only part of the session (never sent to the browser).
  interface SecureSessionData {
    /** The credential version the session was made from (server/utils/session-version.ts). */
    sessionVersion?: string
  }
}

export {}
