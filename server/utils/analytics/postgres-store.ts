// PostgreSQL backend (DATABASE_URL): for several app instances or a managed database. A schema can
// be chosen with `?schema=name` on the URL or ANALYTICS_DB_SCHEMA (tests use a schema of their own).
import pg from 'pg'
import { migratePostgresSchema } from '../../db/postgres-migrator'
import { ANALYTICS_MIGRATIONS, LEGACY_ANALYTICS_SHOWS, MIGRATIONS_TABLE, SQL } from './schema'
import {
  GroupCommit, toPublisherEvent, toRecordingRow, toShowRecord, toViewerEvent, writeParams,
  type AnalyticsStore, type DbRow,
} from './store-types'
import type { NormalizedEvent } from './webhook-rows'

// Lower case only: the name is used unquoted in search_path and must match the created schema.
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/

/** `?` → `$1, $2, …` (the SQL texts contain no literal question marks). */
export function toPgPlaceholders(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** Splits `?schema=` off the URL (pg would pass unknown parameters to the server). */
export function parseDatabaseUrl(url: string, schemaOverride = ''): { connectionString: string, schema: string } {
  const parsed = new URL(url)
  const schema = schemaOverride || parsed.searchParams.get('schema') || ''
  parsed.searchParams.delete('schema')
  if (schema && !SCHEMA_PATTERN.test(schema)) {
    throw new Error(`The analytics schema "${schema}" is not a plain lower-case identifier (a-z, 0-9, _).`)
  }
  return { connectionString: parsed.toString(), schema }
}

const Q = {
  insertEvent: toPgPlaceholders(SQL.insertEvent),
  upsertShow: toPgPlaceholders(SQL.upsertShow('LEAST')),
  upsertRecording: toPgPlaceholders(SQL.upsertRecording),
  listShows: toPgPlaceholders(SQL.listShows),
  showBySid: toPgPlaceholders(SQL.showBySid),
  saveShowStats: toPgPlaceholders(SQL.saveShowStats),
  viewerEvents: toPgPlaceholders(SQL.viewerEvents),
  recordings: toPgPlaceholders(SQL.recordings),
  publisherEvents: toPgPlaceholders(SQL.publisherEvents),
}

export async function openPostgresStore(url: string, schemaOverride = ''): Promise<AnalyticsStore> {
  const { connectionString, schema } = parseDatabaseUrl(url, schemaOverride)
  const pool = new pg.Pool({
    connectionString,
    max: 6,
    // search_path per connection: every query of this store lands in its schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', error => console.error('[analytics] PostgreSQL connection error:', error.message))

  try {
    await migrate(pool, schema)
  }
  catch (error) {
    await pool.end()
    throw error
  }

  async function writeBatch(items: NormalizedEvent[]): Promise<boolean[]> {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const results: boolean[] = []
      for (const item of items) {
        const params = writeParams(item)
        const inserted = (await client.query(Q.insertEvent, params.event)).rowCount === 1
        results.push(inserted)
        if (!inserted) continue
        if (params.show) await client.query(Q.upsertShow, params.show)
        if (params.recording) await client.query(Q.upsertRecording, params.recording)
      }
      await client.query('COMMIT')
      return results
    }
    catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    }
    finally {
      client.release()
    }
  }
  const commits = new GroupCommit<NormalizedEvent, boolean>(writeBatch)
  const rows = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as DbRow[]
  const safeUrl = new URL(connectionString)
  safeUrl.password = ''

  return {
    backend: 'postgres',
    location: `${safeUrl.host}${safeUrl.pathname}${schema ? ` (schema ${schema})` : ''}`,
    recordEvent: item => commits.push(item),
    listShows: async (from, to, limit) => (await rows(Q.listShows, [to, from, limit])).map(toShowRecord),
    getShow: async (sid) => {
      const [row] = await rows(Q.showBySid, [sid])
      return row ? toShowRecord(row) : null
    },
    saveShowStats: async (sid, version, peak, unique) => {
      await pool.query(Q.saveShowStats, [version, peak, unique, sid, version])
    },
    viewerEvents: async sid => (await rows(Q.viewerEvents, [sid])).map(toViewerEvent),
    recordings: async sid => (await rows(Q.recordings, [sid])).map(toRecordingRow),
    publisherEvents: async sid => (await rows(Q.publisherEvents, [sid])).map(toPublisherEvent),
    countEvents: async () => Number((await rows(SQL.countEvents, []))[0]!.n),
    close: () => pool.end(),
  }
}

/**
 * Renames analytics' pre-catalog `shows` table (see LEGACY_ANALYTICS_SHOWS) inside the caller's
 * transaction (holding the schema's migration lock); a no-op after. Both migrators call it, so the
 * order they run in does not matter.
 */
export async function renameLegacyAnalyticsShowsPostgres(client: pg.PoolClient) {
  if (!(await client.query(LEGACY_ANALYTICS_SHOWS.postgresFound)).rowCount) return
  for (const statement of LEGACY_ANALYTICS_SHOWS.rename) await client.query(statement)
}

async function migrate(pool: pg.Pool, schema: string) {
  // The same lock as the app database's migrator (one schema, instances starting together).
  await migratePostgresSchema(pool, schema, async (client) => {
    await renameLegacyAnalyticsShowsPostgres(client)
    await client.query(MIGRATIONS_TABLE)
    const applied = new Set((await client.query('SELECT version FROM analytics_migrations')).rows.map(r => Number(r.version)))
    for (const migration of ANALYTICS_MIGRATIONS) {
      if (applied.has(migration.version)) continue
      for (const statement of migration.statements) await client.query(statement)
      await client.query('INSERT INTO analytics_migrations (version, applied_ms) VALUES ($1, $2)', [migration.version, Date.now()])
    }
  })
}
