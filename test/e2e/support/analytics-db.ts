// Each analytics e2e run gets a store of its own — a SQLite file in a temp dir, or a fresh
// PostgreSQL schema in database `test` — plus a direct reader, so tests check what is really in the
// database rather than what the app says about it. cleanup() deletes the file / drops the schema.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export type Backend = 'sqlite' | 'postgres'

export interface TestAnalyticsDb {
  backend: Backend
  /** Env for the app under test. */
  env: Record<string, string>
  eventIds: () => Promise<Set<string>>
  count: () => Promise<number>
  cleanup: () => Promise<void>
}

/**
 * Waits until the app has created its tables: it migrates at start-up in the background, so a test
 * that only sends refused requests could otherwise read the database before the tables exist.
 */
export async function waitForTables(db: TestAnalyticsDb, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await db.count()
      return
    }
    catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise(done => setTimeout(done, 200))
    }
  }
}

export function testAnalyticsDb(backend: Backend): TestAnalyticsDb {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'liveshop-analytics-'))
    const path = join(dir, 'analytics.sqlite')
    const read = <T>(fn: (db: Database.Database) => T): T => {
      const db = new Database(path, { readonly: true, fileMustExist: true })
      try {
        return fn(db)
      }
      finally {
        db.close()
      }
    }
    return {
      backend,
      env: { ANALYTICS_SQLITE_PATH: path, DATABASE_URL: '', NUXT_DATABASE_URL: '' },
      eventIds: async () => new Set(read(db => (db.prepare('SELECT id FROM webhook_events').all() as Array<{ id: string }>).map(r => r.id))),
      count: async () => read(db => (db.prepare('SELECT COUNT(*) AS n FROM webhook_events').get() as { n: number }).n),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const schema = `t_e2e_${randomBytes(5).toString('hex')}`
  const query = async <T extends pg.QueryResultRow>(sql: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    try {
      return (await client.query<T>(sql)).rows
    }
    finally {
      await client.end()
    }
  }
  return {
    backend,
    env: { DATABASE_URL: `${TEST_DATABASE_URL}?schema=${schema}` },
    eventIds: async () => new Set((await query<{ id: string }>(`SELECT id FROM ${schema}.webhook_events`)).map(r => r.id)),
    count: async () => Number((await query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}.webhook_events`))[0]!.n),
    cleanup: async () => {
      await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    },
  }
}
