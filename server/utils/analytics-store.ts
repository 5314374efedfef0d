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

/** The store, or a 503 (LiveKit retries webhooks answered with 5xx); the cause is logged. */
export async function requireAnalyticsStore(): Promise<AnalyticsStore> {
  try {
    return await useAnalyticsStore()
  }
  catch (error) {
    // The driver's words (paths, addresses) are for the operator's log, not for the caller.
    console.error('[analytics] the analytics database could not be opened (check DATABASE_URL or the SQLite path):', error instanceof Error ? error.message : error)
    throw createError({
      statusCode: 503,
      statusMessage: 'Analytics storage unavailable',
      message: 'The analytics database is not reachable right now. Please try again in a moment.',
    })
  }
}

export async function closeAnalyticsStore() {
  const current = opening
  opening = undefined
  if (current) await (await current.catch(() => null))?.close()
}
