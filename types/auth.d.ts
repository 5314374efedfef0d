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
}

export {}
