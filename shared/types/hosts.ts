/** A host account as ops see it (never its password hash). */
export interface HostAccount {
  id: string
  name: string
  email: string
  disabled: boolean
  createdAt: string
  /** How many shows the host has created (any status). */
  shows: number
}
