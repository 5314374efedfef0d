import type { SessionRole } from '../shared/types/auth'

// The session's user, as nuxt-auth-utils stores it in the sealed cookie.
declare module '#auth-utils' {
  interface User {
    role: SessionRole
  }
}

export {}
