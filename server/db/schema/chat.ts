// Chat messages, bans/time-outs, per-chatter slow-mode slots, the ops' blocked-words list and the
// moderation log. Everything a second app instance must honour lives here (or in the live state),
// so a ban or slow mode set through one instance holds on all of them.
import type { Migration } from '../../utils/db'

export const CHAT_MIGRATIONS: Migration[] = [
  {
    id: 'chat-001',
    statements: [
      // id sorts by time (base-36 ms + random), so "before"/"after" pages are plain id ranges.
      // hidden = 1: held back by the blocked-words list, shown to its sender only.
      `CREATE TABLE IF NOT EXISTS chat_messages (
        id TEXT PRIMARY KEY,
        show_id TEXT NOT NULL REFERENCES shows(id),
        chatter_id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        hidden INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        deleted_at BIGINT,
        deleted_by TEXT
      )`,
      'CREATE INDEX IF NOT EXISTS chat_messages_show ON chat_messages (show_id, id)',
      // until NULL = banned for the rest of the show; a later ban/time-out replaces the row.
      `CREATE TABLE IF NOT EXISTS chat_bans (
        show_id TEXT NOT NULL REFERENCES shows(id),
        chatter_id TEXT NOT NULL,
        name TEXT NOT NULL,
        until BIGINT,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (show_id, chatter_id)
      )`,
      // Slow mode: one row per chatter per show, claimed with a conditional upsert (atomic on both
      // backends, so two instances cannot both accept a second message inside the window).
      `CREATE TABLE IF NOT EXISTS chat_slow_mode (
        show_id TEXT NOT NULL,
        chatter_id TEXT NOT NULL,
        last_post_at BIGINT NOT NULL,
        PRIMARY KEY (show_id, chatter_id)
      )`,
      `CREATE TABLE IF NOT EXISTS chat_blocked_words (
        word TEXT PRIMARY KEY,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS chat_moderation_log (
        id TEXT PRIMARY KEY,
        show_id TEXT,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        chatter_id TEXT,
        message_id TEXT,
        detail TEXT NOT NULL DEFAULT '',
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS chat_moderation_log_show ON chat_moderation_log (show_id, created_at)',
    ],
  },
]
