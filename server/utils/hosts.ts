// Host accounts, managed by ops: name, email and a password hashed with nuxt-auth-utils'
// hashPassword (scrypt). Disabling a host or resetting its password bumps session_version, which
// signs its sessions out everywhere (server/utils/session-version.ts). The HOST_ACCESS_KEY host is
// the built-in row and is not managed here.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { BUILTIN_HOST_ID } from '../db/schema/catalog'
import type { HostAccount } from '#shared/types/hosts'
import { HOST_PASSWORD_MIN_LENGTH } from '#shared/utils/hosts'

interface HostDbRow { id: string, name: string, email: string | null, password_hash: string | null, disabled: number, created_at: number, shows_count?: number | string }

const emailSchema = z.email({ error: 'must be an email address' }).max(254, 'is too long').transform(value => value.toLowerCase())
const passwordSchema = z.string({ error: 'is required' }).min(HOST_PASSWORD_MIN_LENGTH, `must be at least ${HOST_PASSWORD_MIN_LENGTH} characters`).max(200, 'must be at most 200 characters')
const nameSchema = z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters')
  .regex(/^[^\p{C}]+$/u, 'must contain printable characters only')

export const hostCreateSchema = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema }).strict()
export const hostUpdateSchema = z.object({
  name: nameSchema.optional(),
  disabled: z.boolean({ error: 'must be true or false' }).optional(),
  password: passwordSchema.optional(),
}).strict()
export const hostSignInSchema = z.object({ email: z.string().max(254).transform(value => value.trim().toLowerCase()), password: z.string().max(200) }).strict()

const toAccount = (row: HostDbRow): HostAccount => ({
  id: row.id, name: row.name, email: row.email ?? '', disabled: Boolean(row.disabled), createdAt: new Date(Number(row.created_at)).toISOString(),
  // PostgreSQL's COUNT is a bigint, which arrives as a string.
  shows: Number(row.shows_count ?? 0),
})

export async function listHostAccounts(): Promise<HostAccount[]> {
  const db = await requireDb()
  // The show count rides along in one query (the shows table is indexed by host).
  const rows = await db.all<HostDbRow>(
    `SELECT hosts.*, (SELECT COUNT(*) FROM shows WHERE shows.host_id = hosts.id) AS shows_count
      FROM hosts WHERE id <> ? ORDER BY created_at DESC`,
    [BUILTIN_HOST_ID],
  )
  return rows.map(toAccount)
}

export async function createHostAccount(input: z.infer<typeof hostCreateSchema>): Promise<HostAccount> {
  const db = await requireDb()
  const now = Date.now()
  const id = randomUUID()
  const { changes } = await db.run(
    `INSERT INTO hosts (id, email, name, password_hash, disabled, session_version, created_at, updated_at)
      VALUES (?, ?, ?, ?, 0, 1, ?, ?) ON CONFLICT (email) DO NOTHING`,
    [id, input.email, input.name, await hashPassword(input.password), now, now],
  )
  if (changes !== 1) throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `email: a host with ${input.email} already exists.` })
  return toAccount((await db.get<HostDbRow>('SELECT * FROM hosts WHERE id = ?', [id]))!)
}

export async function updateHostAccount(id: string, patch: z.infer<typeof hostUpdateSchema>): Promise<HostAccount> {
  if (id === BUILTIN_HOST_ID) throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The access-key host is managed with HOST_ACCESS_KEY, not here.' })
  const db = await requireDb()
  const sets: string[] = ['updated_at = ?']
  const params: (string | number)[] = [Date.now()]
  const set = (column: string, value: string | number) => {
    sets.push(`${column} = ?`)
    params.push(value)
  }
  if (patch.name !== undefined) set('name', patch.name)
  if (patch.disabled !== undefined) set('disabled', patch.disabled ? 1 : 0)
  if (patch.password !== undefined) set('password_hash', await hashPassword(patch.password))
  // Disabling or a new password signs the host out everywhere.
  if (patch.disabled !== undefined || patch.password !== undefined) sets.push('session_version = session_version + 1')
  const { changes } = await db.run(`UPDATE hosts SET ${sets.join(', ')} WHERE id = ?`, [...params, id])
  if (!changes) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No such host: "${id}".` })
  forgetSessionVersion(id)
  return toAccount((await db.get<HostDbRow>('SELECT * FROM hosts WHERE id = ?', [id]))!)
}

/** The enabled host with this email and password, or null (the caller answers one message for all). */
export async function verifyHostPassword(email: string, password: string): Promise<{ id: string, name: string } | null> {
  const db = await requireDb()
  const row = await db.get<HostDbRow>('SELECT * FROM hosts WHERE email = ? AND disabled = 0', [email])
  if (!row?.password_hash) return null
  return (await verifyPassword(row.password_hash, password)) ? { id: row.id, name: row.name } : null
}
