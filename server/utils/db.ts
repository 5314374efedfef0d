// The app database for shows, products, orders and chat: the same file/database as analytics
// (SQLite by default, PostgreSQL with DATABASE_URL), one small async interface for both, so every
// repository is written once. SQL uses `?` placeholders (rewritten to $n for PostgreSQL), INTEGER /
// BIGINT / TEXT columns only (timestamps are epoch milliseconds, booleans 0/1, JSON as TEXT), and
// ids made by the app (no SERIAL / AUTOINCREMENT), so one statement text runs on both.
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { parseDatabaseUrl, renameLegacyAnalyticsShowsPostgres, toPgPlaceholders } from './analytics/postgres-store'
import { renameLegacyAnalyticsShowsSqlite } from './analytics/sqlite-store'
import { APP_MIGRATIONS } from '../db/migrations'
import { migratePostgresSchema } from '../db/postgres-migrator'

export type SqlRow = Record<string, unknown>
export type DbParam = string | number | bigint | boolean | null | undefined

export interface DbExecutor {
  all<T = SqlRow>(sql: string, params?: DbParam[]): Promise<T[]>
  get<T = SqlRow>(sql: string, params?: DbParam[]): Promise<T | undefined>
  /** INSERT/UPDATE/DELETE; `changes` is the number of rows written (the conditional-update check). */
  run(sql: string, params?: DbParam[]): Promise<{ changes: number }>
}

export interface Db extends DbExecutor {
  backend: 'sqlite' | 'postgres'
  location: string
  /** All-or-nothing: `fn` throws → rollback. On SQLite transactions run one at a time. */
  transaction<T>(fn: (tx: DbExecutor) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface Migration {
  /** Unique and never renamed, e.g. 'catalog-001'. Applied once, in list order. */
  id: string
  statements: string[]
}

// better-sqlite3 binds neither booleans nor undefined.
const sqliteParam = (value: DbParam) => (value === undefined ? null : typeof value === 'boolean' ? Number(value) : value)

export function openSqliteDb(path: string, migrations: Migration[] = APP_MIGRATIONS): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  migrateSqlite(db, migrations)

  const statements = new Map<string, Database.Statement>()
  const prepare = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, statement = db.prepare(sql))
    return statement
  }
  const direct: DbExecutor = {
    all: async <T>(sql: string, params: DbParam[] = []) => prepare(sql).all(...params.map(sqliteParam)) as T[],
    get: async <T>(sql: string, params: DbParam[] = []) => {
      const statement = prepare(sql)
      return (statement.reader ? statement.get(...params.map(sqliteParam)) : (statement.run(...params.map(sqliteParam)), undefined)) as T | undefined
    },
    run: async (sql: string, params: DbParam[] = []) => ({ changes: prepare(sql).run(...params.map(sqliteParam)).changes }),
  }

  // One connection: a statement issued by another request while a transaction awaits would join it.
  // So while a transaction runs, everything else waits for it (checked and claimed synchronously).
  let active: Promise<unknown> | null = null
  const outside = <K extends keyof DbExecutor>(name: K) => (async (...args: Parameters<DbExecutor[K]>) => {
    while (active) await active.catch(() => {})
    return (direct[name] as (...a: unknown[]) => unknown)(...args)
  }) as DbExecutor[K]

  return {
    backend: 'sqlite',
    location: path,
    all: outside('all'),
    get: outside('get'),
    run: outside('run'),
    async transaction(fn) {
      while (active) await active.catch(() => {})
      db.exec('BEGIN IMMEDIATE')
      const running = (async () => {
        try {
          const result = await fn(direct)
          db.exec('COMMIT')
          return result
        }
        catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw error
        }
      })()
      active = running
      try {
        return await running
      }
      finally {
        if (active === running) active = null
      }
    },
    close: async () => { db.close() },
  }
}

function migrateSqlite(db: Database.Database, migrations: Migration[]) {
  // Analytics' old `shows` table would hide the catalog's (CREATE TABLE IF NOT EXISTS skips it).
  renameLegacyAnalyticsShowsSqlite(db)
  db.exec('CREATE TABLE IF NOT EXISTS app_migrations (id TEXT PRIMARY KEY, applied_ms BIGINT NOT NULL)')
  const applied = new Set(db.prepare('SELECT id FROM app_migrations').all().map(row => (row as { id: string }).id))
  db.transaction(() => {
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue
      for (const statement of migration.statements) db.exec(statement)
      db.prepare('INSERT INTO app_migrations (id, applied_ms) VALUES (?, ?)').run(migration.id, Date.now())
    }
  })()
}

// int8 (COUNT, SUM of integers, BIGINT timestamps) and numeric (SUM of bigint) arrive as strings
// from pg; every such value here is far below 2^53, so numbers are safe and match SQLite's.
const NUMBER_OIDS = new Set([20, 1700])
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_OIDS.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

export async function openPostgresDb(url: string, schemaOverride = '', migrations: Migration[] = APP_MIGRATIONS): Promise<Db> {
  const { connectionString, schema } = parseDatabaseUrl(url, schemaOverride)
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  pool.on('error', error => console.error('[db] PostgreSQL connection error:', error.message))
  try {
    await migratePostgres(pool, schema, migrations)
  }
  catch (error) {
    await pool.end()
    throw error
  }
  const on = (target: pg.Pool | pg.PoolClient): DbExecutor => ({
    all: async <T>(sql: string, params: DbParam[] = []) => (await target.query(toPgPlaceholders(sql), params)).rows as T[],
    get: async <T>(sql: string, params: DbParam[] = []) => (await target.query(toPgPlaceholders(sql), params)).rows[0] as T | undefined,
    run: async (sql: string, params: DbParam[] = []) => ({ changes: (await target.query(toPgPlaceholders(sql), params)).rowCount ?? 0 }),
  })
  const safeUrl = new URL(connectionString)
  safeUrl.password = ''
  return {
    backend: 'postgres',
    location: `${safeUrl.host}${safeUrl.pathname}${schema ? ` (schema ${schema})` : ''}`,
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(on(client))
        await client.query('COMMIT')
        return result
      }
      catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      }
      finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

async function migratePostgres(pool: pg.Pool, schema: string, migrations: Migration[]) {
  // The same lock as the analytics store's migrator (one schema, instances starting together).
  await migratePostgresSchema(pool, schema, async (client) => {
    // Analytics' old `shows` table would hide the catalog's (CREATE TABLE IF NOT EXISTS skips it).
    await renameLegacyAnalyticsShowsPostgres(client)
    await client.query('CREATE TABLE IF NOT EXISTS app_migrations (id TEXT PRIMARY KEY, applied_ms BIGINT NOT NULL)')
    const applied = new Set((await client.query('SELECT id FROM app_migrations')).rows.map(row => row.id as string))
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue
      for (const statement of migration.statements) await client.query(statement)
      await client.query('INSERT INTO app_migrations (id, applied_ms) VALUES ($1, $2)', [migration.id, Date.now()])
    }
  })
}

let opening: Promise<Db> | undefined

function openConfiguredDb(): Promise<Db> {
  const databaseUrl = resolveDatabaseUrl()
  if (databaseUrl) return openPostgresDb(databaseUrl, resolveDbSchema())
  return Promise.resolve(openSqliteDb(resolve(resolveSqlitePath())))
}

/** The app database, opened (and migrated) once per process; a failed open is retried next call. */
export function useDb(): Promise<Db> {
  opening ??= openConfiguredDb().catch((error) => {
    opening = undefined
    throw error
  })
  return opening
}

/** The database, or a 503 that says what is wrong instead of a 500. */
export async function requireDb(): Promise<Db> {
  try {
    return await useDb()
  }
  catch (error) {
    console.error('[db] could not open the database:', error instanceof Error ? error.message : error)
    throw createError({
      statusCode: 503,
      statusMessage: 'Database unavailable',
      message: 'The shop database is not reachable right now. Please try again in a moment.',
    })
  }
}

export async function closeDb() {
  const current = opening
  opening = undefined
  if (current) await (await current.catch(() => null))?.close()
}
