// The embedded default: one SQLite file (WAL, synchronous=FULL so a commit survives a crash or
// power cut before the webhook is acknowledged). One app process per file; several app instances
// need PostgreSQL (DATABASE_URL).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { ANALYTICS_MIGRATIONS, LEGACY_ANALYTICS_SHOWS, MIGRATIONS_TABLE, SQL } from './schema'
import {
  GroupCommit, toPublisherEvent, toRecordingRow, toShowRecord, toViewerEvent, writeParams,
  type AnalyticsStore, type DbRow,
} from './store-types'
import type { NormalizedEvent } from './webhook-rows'

export function openSqliteStore(path: string): AnalyticsStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  migrate(db)

  const insertEvent = db.prepare(SQL.insertEvent)
  const upsertShow = db.prepare(SQL.upsertShow('MIN'))
  const upsertRecording = db.prepare(SQL.upsertRecording)
  const listShows = db.prepare(SQL.listShows)
  const showBySid = db.prepare(SQL.showBySid)
  const saveShowStats = db.prepare(SQL.saveShowStats)
  const viewerEvents = db.prepare(SQL.viewerEvents)
  const recordings = db.prepare(SQL.recordings)
  const countEvents = db.prepare(SQL.countEvents)
  const publisherEvents = db.prepare(SQL.publisherEvents)

  const writeBatch = db.transaction((items: NormalizedEvent[]) => items.map((item) => {
    const params = writeParams(item)
    if (insertEvent.run(...params.event).changes === 0) return false
    if (params.show) upsertShow.run(...params.show)
    if (params.recording) upsertRecording.run(...params.recording)
    return true
  }))
  const commits = new GroupCommit<NormalizedEvent, boolean>(items => writeBatch(items))

  return {
    backend: 'sqlite',
    location: path,
    recordEvent: item => commits.push(item),
    listShows: async (from, to, limit) => (listShows.all(to, from, limit) as DbRow[]).map(toShowRecord),
    getShow: async (sid) => {
      const row = showBySid.get(sid) as DbRow | undefined
      return row ? toShowRecord(row) : null
    },
    saveShowStats: async (sid, version, peak, unique) => {
      saveShowStats.run(version, peak, unique, sid, version)
    },
    viewerEvents: async sid => (viewerEvents.all(sid) as DbRow[]).map(toViewerEvent),
    recordings: async sid => (recordings.all(sid) as DbRow[]).map(toRecordingRow),
    publisherEvents: async sid => (publisherEvents.all(sid) as DbRow[]).map(toPublisherEvent),
    countEvents: async () => Number((countEvents.get() as DbRow).n),
    close: async () => {
      db.close()
    },
  }
}

/** Renames analytics' pre-catalog `shows` table (see LEGACY_ANALYTICS_SHOWS); a no-op after. */
export function renameLegacyAnalyticsShowsSqlite(db: Database.Database) {
  db.transaction(() => {
    if (!db.prepare(LEGACY_ANALYTICS_SHOWS.sqliteFound).get()) return
    for (const statement of LEGACY_ANALYTICS_SHOWS.rename) db.exec(statement)
  }).immediate()
}

function migrate(db: Database.Database) {
  renameLegacyAnalyticsShowsSqlite(db)
  db.exec(MIGRATIONS_TABLE)
  const applied = new Set((db.prepare('SELECT version FROM analytics_migrations').all() as Array<{ version: number }>).map(r => r.version))
  const record = db.prepare('INSERT INTO analytics_migrations (version, applied_ms) VALUES (?, ?)')
  for (const migration of ANALYTICS_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    // BEGIN IMMEDIATE: a second process opening the same file waits instead of migrating twice.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM analytics_migrations WHERE version = ?').get(migration.version)
      if (again) return
      for (const statement of migration.statements) db.exec(statement)
      record.run(migration.version, Date.now())
    }).immediate()
  }
}
