// The analytics repository for routes: opened once per process (a Nitro plugin opens it at start so
// the schema is migrated before the first webhook), SQLite by default, PostgreSQL with DATABASE_URL.
import { resolve } from 'node:path'
import { openSqliteStore } from './analytics/sqlite-store'
import { openPostgresStore } from './analytics/postgres-store'
import type { AnalyticsStore } from './analytics/store-types'

let opening: Promise<AnalyticsStore> | undefined

async function openConfiguredStore(): Promise<AnalyticsStore> {
  const databaseUrl = resolveDatabaseUrl()
  if (databaseUrl) return openPostgresStore(databaseUrl, resolveDbSchema())
  return openSqliteStore(resolve(resolveSqlitePath()))
}

/** The store; a failed open is retried by the next caller (e.g. PostgreSQL was restarting). */
export function useAnalyticsStore(): Promise<AnalyticsStore> {
  opening ??= openConfiguredStore().catch((error) => {
    opening = undefined
    throw error
  })
  return opening
}

/** The store, or a 503 that says what is wrong (LiveKit retries webhooks answered with 5xx). */
export async function requireAnalyticsStore(): Promise<AnalyticsStore> {
  try {
    return await useAnalyticsStore()
  }
  catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw createError({
      statusCode: 503,
      statusMessage: 'Analytics storage unavailable',
      message: `The analytics database could not be opened (${detail}). Check DATABASE_URL or the SQLite path and restart.`,
    })
  }
}

export async function closeAnalyticsStore() {
  const current = opening
  opening = undefined
  if (current) await (await current.catch(() => null))?.close()
}
