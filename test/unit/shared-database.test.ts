// Analytics and the app (catalog, orders, chat) share one SQLite file / PostgreSQL schema. Both have
// a table for "shows": analytics' per-session one is analytics_shows (it was `shows` first), the
// catalog's is `shows`. Whichever opens first, both must work, and an analytics table from before
// is renamed with its rows kept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import pg from 'pg'
import { openPostgresDb, openSqliteDb, type Db } from '../../server/utils/db'
import { openSqliteStore } from '../../server/utils/analytics/sqlite-store'
import { openPostgresStore } from '../../server/utils/analytics/postgres-store'
import type { AnalyticsStore } from '../../server/utils/analytics/store-types'

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const dir = mkdtempSync(join(tmpdir(), 'liveshop-shared-db-'))
const schemas: string[] = []
const opened: (Db | AnalyticsStore)[] = []

afterAll(async () => {
  await Promise.all(opened.map(handle => handle.close()))
  rmSync(dir, { recursive: true, force: true })
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
})

// Version 1 of the analytics schema as first shipped (table `shows`), with one stored session.
const LEGACY = [
  'CREATE TABLE analytics_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)',
  'INSERT INTO analytics_migrations (version, applied_ms) VALUES (1, 1)',
  `CREATE TABLE webhook_events (id TEXT PRIMARY KEY, kind TEXT NOT NULL, room_name TEXT NOT NULL, room_sid TEXT NOT NULL,
    participant_identity TEXT, is_viewer SMALLINT, egress_id TEXT, at_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, payload TEXT NOT NULL)`,
  `CREATE TABLE shows (sid TEXT PRIMARY KEY, room_name TEXT NOT NULL, started_ms BIGINT NOT NULL, ended_ms BIGINT,
    version INTEGER NOT NULL DEFAULT 0, stats_version INTEGER NOT NULL DEFAULT -1, peak_viewers INTEGER NOT NULL DEFAULT 0, unique_viewers INTEGER NOT NULL DEFAULT 0)`,
  'CREATE INDEX shows_started ON shows (started_ms)',
  `CREATE TABLE recordings (egress_id TEXT PRIMARY KEY, room_sid TEXT NOT NULL, room_name TEXT NOT NULL, status TEXT NOT NULL,
    started_ms BIGINT, ended_ms BIGINT, updated_ms BIGINT NOT NULL, location TEXT, duration_s DOUBLE PRECISION, size_bytes BIGINT, error TEXT)`,
  `INSERT INTO shows (sid, room_name, started_ms) VALUES ('RM_old', 'old-show', 1000)`,
]

interface Backend {
  name: string
  fresh: () => Promise<{ app: () => Promise<Db>, analytics: () => Promise<AnalyticsStore> }>
  legacy: () => Promise<{ app: () => Promise<Db>, analytics: () => Promise<AnalyticsStore> }>
}

const keep = <T extends Db | AnalyticsStore>(handle: T) => (opened.push(handle), handle)

const backends: Backend[] = [
  {
    name: 'SQLite',
    fresh: async () => {
      const file = join(dir, `${randomBytes(4).toString('hex')}.sqlite`)
      return { app: async () => keep(openSqliteDb(file)), analytics: async () => keep(openSqliteStore(file)) }
    },
    legacy: async () => {
      const file = join(dir, `legacy-${randomBytes(4).toString('hex')}.sqlite`)
      const db = new Database(file)
      for (const statement of LEGACY) db.exec(statement)
      db.close()
      return { app: async () => keep(openSqliteDb(file)), analytics: async () => keep(openSqliteStore(file)) }
    },
  },
  {
    name: 'PostgreSQL',
    fresh: async () => {
      const schema = `t_shared_${randomBytes(4).toString('hex')}`
      schemas.push(schema)
      return { app: async () => keep(await openPostgresDb(PG_URL, schema)), analytics: async () => keep(await openPostgresStore(PG_URL, schema)) }
    },
    legacy: async () => {
      const schema = `t_shared_${randomBytes(4).toString('hex')}`
      schemas.push(schema)
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`CREATE SCHEMA ${schema}`)
      await client.query(`SET search_path TO ${schema}`)
      for (const statement of LEGACY) await client.query(statement)
      await client.end()
      return { app: async () => keep(await openPostgresDb(PG_URL, schema)), analytics: async () => keep(await openPostgresStore(PG_URL, schema)) }
    },
  },
]

async function catalogWorks(db: Db) {
  await db.run('INSERT INTO shows (id, host_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [`s-${randomBytes(3).toString('hex')}`, 'builtin', 'A show', 1, 1])
  expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM shows'))!.n).toBeGreaterThan(0)
}

describe.each(backends)('one database for analytics and the app on $name', (backend) => {
  it('works when analytics opens it first', async () => {
    const { app, analytics } = await backend.fresh()
    await analytics()
    await catalogWorks(await app())
  })

  it('works when the app opens it first', async () => {
    const { app, analytics } = await backend.fresh()
    const db = await app()
    const store = await analytics()
    await catalogWorks(db)
    expect(await store.listShows(0, Date.now(), 10)).toEqual([])
  })

  it('opens when the app and analytics migrate a fresh database at the same moment (app instances starting together)', async () => {
    // Several rounds: a race between two migrators shows up only sometimes.
    for (let round = 0; round < 4; round++) {
      const { app, analytics } = await backend.fresh()
      const [db, store] = await Promise.all([app(), analytics(), app(), analytics()])
      await catalogWorks(db as Db)
      expect(await (store as AnalyticsStore).listShows(0, Date.now(), 10)).toEqual([])
    }
  }, 30_000)

  it('renames analytics\' old `shows` table, keeping its rows, whichever opens first', async () => {
    for (const order of ['app', 'analytics'] as const) {
      const { app, analytics } = await backend.legacy()
      const first = order === 'app' ? await app() : await analytics()
      const store = order === 'app' ? await analytics() : first as AnalyticsStore
      const db = order === 'app' ? first as Db : await app()
      await catalogWorks(db)
      const sessions = await store.listShows(0, Date.now(), 10)
      expect(sessions.map(show => show.roomName)).toEqual(['old-show'])
    }
  })
})
