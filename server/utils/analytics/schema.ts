// Versioned schema of the analytics store, one SQL text for both SQLite and PostgreSQL (BIGINT,
// SMALLINT and DOUBLE PRECISION mean the same in both). A new version is appended, never edited:
// each store applies the versions it has not recorded in analytics_migrations, in order, on start.

export const ANALYTICS_MIGRATIONS: ReadonlyArray<{ version: number, statements: string[] }> = [
  {
    version: 1,
    statements: [
      // Every stored webhook, keyed by LiveKit's event id (retries reuse it: stored once).
      `CREATE TABLE webhook_events (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        room_name TEXT NOT NULL,
        room_sid TEXT NOT NULL,
        participant_identity TEXT,
        is_viewer SMALLINT,
        egress_id TEXT,
        at_ms BIGINT NOT NULL,
        received_ms BIGINT NOT NULL,
        payload TEXT NOT NULL
      )`,
      // Covers the history query (a show's viewer joins/leaves) without touching the payloads.
      `CREATE INDEX webhook_events_viewers ON webhook_events (room_sid, is_viewer, kind, participant_identity, at_ms)`,
      // One row per show (LiveKit room session). version counts viewer events; the cached
      // peak/unique figures are valid while stats_version = version. Called `shows` until the
      // catalog's shows (server/db/schema/catalog.ts) took that name in the same database: files made
      // before are renamed on open (renameLegacyAnalyticsShows).
      `CREATE TABLE analytics_shows (
        sid TEXT PRIMARY KEY,
        room_name TEXT NOT NULL,
        started_ms BIGINT NOT NULL,
        ended_ms BIGINT,
        version INTEGER NOT NULL DEFAULT 0,
        stats_version INTEGER NOT NULL DEFAULT -1,
        peak_viewers INTEGER NOT NULL DEFAULT 0,
        unique_viewers INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE INDEX analytics_shows_started ON analytics_shows (started_ms)`,
      // Latest state of each recording (egress), newest EgressInfo.updatedAt wins.
      `CREATE TABLE recordings (
        egress_id TEXT PRIMARY KEY,
        room_sid TEXT NOT NULL,
        room_name TEXT NOT NULL,
        status TEXT NOT NULL,
        started_ms BIGINT,
        ended_ms BIGINT,
        updated_ms BIGINT NOT NULL,
        location TEXT,
        duration_s DOUBLE PRECISION,
        size_bytes BIGINT,
        error TEXT
      )`,
      `CREATE INDEX recordings_room ON recordings (room_sid)`,
    ],
  },
]

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS analytics_migrations (
  version INTEGER PRIMARY KEY,
  applied_ms BIGINT NOT NULL
)`

/** Writes per event, in one transaction per batch. `?` placeholders (PostgreSQL: rewritten to $n). */
export const SQL = {
  insertEvent: `INSERT INTO webhook_events
    (id, kind, room_name, room_sid, participant_identity, is_viewer, egress_id, at_ms, received_ms, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  // {min}: SQLite's two-argument MIN() is PostgreSQL's LEAST().
  upsertShow: (min: 'MIN' | 'LEAST') => `INSERT INTO analytics_shows (sid, room_name, started_ms, ended_ms, version)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (sid) DO UPDATE SET
      room_name = CASE WHEN excluded.room_name <> '' THEN excluded.room_name ELSE analytics_shows.room_name END,
      started_ms = ${min}(analytics_shows.started_ms, excluded.started_ms),
      ended_ms = COALESCE(excluded.ended_ms, analytics_shows.ended_ms),
      version = analytics_shows.version + excluded.version`,
  upsertRecording: `INSERT INTO recordings
    (egress_id, room_sid, room_name, status, started_ms, ended_ms, updated_ms, location, duration_s, size_bytes, error)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (egress_id) DO UPDATE SET
      room_sid = excluded.room_sid, room_name = excluded.room_name, status = excluded.status,
      started_ms = COALESCE(excluded.started_ms, recordings.started_ms),
      ended_ms = COALESCE(excluded.ended_ms, recordings.ended_ms),
      updated_ms = excluded.updated_ms,
      location = COALESCE(excluded.location, recordings.location),
      duration_s = COALESCE(excluded.duration_s, recordings.duration_s),
      size_bytes = COALESCE(excluded.size_bytes, recordings.size_bytes),
      error = COALESCE(excluded.error, recordings.error)
    WHERE excluded.updated_ms >= recordings.updated_ms`,
  listShows: `SELECT s.sid, s.room_name, s.started_ms, s.ended_ms, s.version, s.stats_version, s.peak_viewers,
      s.unique_viewers, (SELECT COUNT(*) FROM recordings r WHERE r.room_sid = s.sid) AS recordings
    FROM analytics_shows s
    WHERE s.started_ms < ? AND (s.ended_ms IS NULL OR s.ended_ms >= ?)
    ORDER BY s.started_ms DESC LIMIT ?`,
  showBySid: `SELECT s.sid, s.room_name, s.started_ms, s.ended_ms, s.version, s.stats_version, s.peak_viewers,
      s.unique_viewers, (SELECT COUNT(*) FROM recordings r WHERE r.room_sid = s.sid) AS recordings
    FROM analytics_shows s WHERE s.sid = ?`,
  saveShowStats: `UPDATE analytics_shows SET stats_version = ?, peak_viewers = ?, unique_viewers = ? WHERE sid = ? AND version = ?`,
  viewerEvents: `SELECT participant_identity, kind, at_ms FROM webhook_events
    WHERE room_sid = ? AND is_viewer = 1 AND kind IN ('participant_joined', 'participant_left')`,
  recordings: `SELECT egress_id, room_sid, room_name, status, started_ms, ended_ms, updated_ms, location, duration_s,
      size_bytes, error FROM recordings WHERE room_sid = ? ORDER BY COALESCE(started_ms, updated_ms)`,
  // Publishers' joins/leaves and all track events (viewers cannot publish): small per show.
  publisherEvents: `SELECT kind, at_ms, participant_identity, payload FROM webhook_events
    WHERE room_sid = ? AND (kind IN ('track_published', 'track_unpublished')
      OR (kind IN ('participant_joined', 'participant_left') AND is_viewer = 0))`,
  countEvents: `SELECT COUNT(*) AS n FROM webhook_events`,
} as const

/**
 * Analytics' per-session table was called `shows` (schema version 1 as first shipped). The catalog's
 * `shows` table now lives in the same database, so a file or schema made before is renamed once, by
 * whichever migrator (analytics store or app database) opens it first: the old table is the one
 * with a `sid` column.
 */
export const LEGACY_ANALYTICS_SHOWS = {
  sqliteFound: `SELECT 1 AS found FROM pragma_table_info('shows') WHERE name = 'sid'`,
  postgresFound: `SELECT 1 AS found FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'shows' AND column_name = 'sid'`,
  rename: [
    'ALTER TABLE shows RENAME TO analytics_shows',
    'DROP INDEX IF EXISTS shows_started',
    'CREATE INDEX IF NOT EXISTS analytics_shows_started ON analytics_shows (started_ms)',
  ],
} as const
