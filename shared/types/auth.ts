export type SessionRole = 'host' | 'ops'

declare module '#auth-utils' {
  interface User {
    role: SessionRole
  }
}

export {}
