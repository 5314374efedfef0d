// Chat storage over the app database (SQLite or PostgreSQL, same SQL): messages, bans, slow-mode
// slots, blocked words and the moderation log. Every function takes the database, so the unit
// tests run them on both real backends.
import { randomUUID } from 'node:crypto'
import type { DbExecutor } from '../db'
import type { ChatBan, ChatMessage, ChatRole, ModerationAction, ModerationLogEntry } from '#shared/types/chat'

/** Sorts as created: 9 base-36 digits of epoch ms (good until 5188), then 12 random hex digits. */
export function newChatId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${randomUUID().slice(-12)}`
}

interface MessageRow {
  id: string
  chatter_id: string
  name: string
  role: string
  text: string
  hidden: number
  created_at: number
}

const MESSAGE_COLUMNS = 'id, chatter_id, name, role, text, hidden, created_at'

function toMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = { id: row.id, chatterId: row.chatter_id, name: row.name, role: row.role as ChatRole, text: row.text, createdAt: Number(row.created_at) }
  if (Number(row.hidden)) message.shadow = true
  return message
}

export async function insertChatMessage(db: DbExecutor, showId: string, message: ChatMessage): Promise<void> {
  await db.run(
    `INSERT INTO chat_messages (id, show_id, chatter_id, name, role, text, hidden, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [message.id, showId, message.chatterId, message.name, message.role, message.text, message.shadow ? 1 : 0, message.createdAt],
  )
}

export interface ChatPageQuery {
  before?: string
  after?: string
  limit: number
  /** Shadow-hidden messages of this chatter are included (they see their own). */
  viewerChatterId?: string | null
}

/**
 * A page of visible messages, oldest first: the newest `limit` (before `before`, when given), or the
 * oldest `limit` after `after` (a reconnect refilling its gap). `hasMore` says whether the page was cut.
 */
export async function listChatMessages(db: DbExecutor, showId: string, query: ChatPageQuery): Promise<{ messages: ChatMessage[], hasMore: boolean }> {
  const where = ['show_id = ?', 'deleted_at IS NULL', '(hidden = 0 OR chatter_id = ?)']
  const params: (string | number)[] = [showId, query.viewerChatterId ?? '']
  if (query.before) {
    where.push('id < ?')
    params.push(query.before)
  }
  if (query.after) {
    where.push('id > ?')
    params.push(query.after)
  }
  const order = query.after ? 'ASC' : 'DESC'
  const rows = await db.all<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE ${where.join(' AND ')} ORDER BY id ${order} LIMIT ?`,
    [...params, query.limit + 1],
  )
  const hasMore = rows.length > query.limit
  const page = rows.slice(0, query.limit).map(toMessage)
  if (order === 'DESC') page.reverse()
  return { messages: page, hasMore }
}

export async function findChatMessage(db: DbExecutor, showId: string, id: string): Promise<(ChatMessage & { deleted: boolean }) | undefined> {
  const row = await db.get<MessageRow & { deleted_at: number | null }>(`SELECT ${MESSAGE_COLUMNS}, deleted_at FROM chat_messages WHERE show_id = ? AND id = ?`, [showId, id])
  return row ? { ...toMessage(row), deleted: row.deleted_at !== null } : undefined
}

/** Marks a message deleted; false when it was already deleted (or does not exist). */
export async function deleteChatMessage(db: DbExecutor, showId: string, id: string, by: string, now = Date.now()): Promise<boolean> {
  const { changes } = await db.run('UPDATE chat_messages SET deleted_at = ?, deleted_by = ? WHERE show_id = ? AND id = ? AND deleted_at IS NULL', [now, by, showId, id])
  return changes === 1
}

interface BanRow { chatter_id: string, name: string, until: number | null, created_at: number, created_by: string }
const toBan = (row: BanRow): ChatBan => ({ chatterId: row.chatter_id, name: row.name, until: row.until === null ? null : Number(row.until), createdAt: Number(row.created_at), by: row.created_by })

/** A ban or time-out in force now (an expired time-out is none). */
export async function findActiveChatBan(db: DbExecutor, showId: string, chatterId: string, now = Date.now()): Promise<ChatBan | undefined> {
  const row = await db.get<BanRow>('SELECT chatter_id, name, until, created_at, created_by FROM chat_bans WHERE show_id = ? AND chatter_id = ? AND (until IS NULL OR until > ?)', [showId, chatterId, now])
  return row && toBan(row)
}

export async function listActiveChatBans(db: DbExecutor, showId: string, now = Date.now()): Promise<ChatBan[]> {
  const rows = await db.all<BanRow>('SELECT chatter_id, name, until, created_at, created_by FROM chat_bans WHERE show_id = ? AND (until IS NULL OR until > ?) ORDER BY created_at DESC', [showId, now])
  return rows.map(toBan)
}

/** Bans (until null) or times out a chatter; a newer decision replaces the older one. */
export async function upsertChatBan(db: DbExecutor, showId: string, ban: ChatBan): Promise<void> {
  await db.run(
    `INSERT INTO chat_bans (show_id, chatter_id, name, until, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (show_id, chatter_id) DO UPDATE SET name = excluded.name, until = excluded.until, created_by = excluded.created_by, created_at = excluded.created_at`,
    [showId, ban.chatterId, ban.name, ban.until, ban.by, ban.createdAt],
  )
}

export async function removeChatBan(db: DbExecutor, showId: string, chatterId: string): Promise<boolean> {
  return (await db.run('DELETE FROM chat_bans WHERE show_id = ? AND chatter_id = ?', [showId, chatterId])).changes === 1
}

/**
 * Claims this chatter's slow-mode slot: true when their last accepted message is at least
 * `intervalMs` old (and records `now`), else the epoch ms when they may post again. One
 * conditional upsert, so concurrent posts through several instances cannot both pass.
 */
export async function claimChatSlot(db: DbExecutor, showId: string, chatterId: string, intervalMs: number, now = Date.now()): Promise<true | number> {
  const { changes } = await db.run(
    `INSERT INTO chat_slow_mode (show_id, chatter_id, last_post_at) VALUES (?, ?, ?)
     ON CONFLICT (show_id, chatter_id) DO UPDATE SET last_post_at = excluded.last_post_at
     WHERE chat_slow_mode.last_post_at <= ?`,
    [showId, chatterId, now, now - intervalMs],
  )
  if (changes === 1) return true
  const row = await db.get<{ last_post_at: number }>('SELECT last_post_at FROM chat_slow_mode WHERE show_id = ? AND chatter_id = ?', [showId, chatterId])
  return Number(row?.last_post_at ?? now) + intervalMs
}

export async function listChatBlockedWords(db: DbExecutor): Promise<string[]> {
  return (await db.all<{ word: string }>('SELECT word FROM chat_blocked_words ORDER BY word')).map(row => row.word)
}

/** Replaces the whole list (ops edit it as one list). */
export async function replaceChatBlockedWords(db: DbExecutor, words: string[], by: string, now = Date.now()): Promise<void> {
  await db.run('DELETE FROM chat_blocked_words')
  for (const word of words) await db.run('INSERT INTO chat_blocked_words (word, created_by, created_at) VALUES (?, ?, ?) ON CONFLICT (word) DO NOTHING', [word, by, now])
}

export interface ModerationEntryInput {
  showId: string | null
  action: ModerationAction
  actor: string
  actorName: string
  chatterId?: string | null
  messageId?: string | null
  detail?: string
}

export async function logChatModeration(db: DbExecutor, entry: ModerationEntryInput, now = Date.now()): Promise<void> {
  await db.run(
    'INSERT INTO chat_moderation_log (id, show_id, action, actor, actor_name, chatter_id, message_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [newChatId(now), entry.showId, entry.action, entry.actor, entry.actorName, entry.chatterId ?? null, entry.messageId ?? null, entry.detail ?? '', now],
  )
}

export async function listChatModeration(db: DbExecutor, showId: string, limit = 200): Promise<ModerationLogEntry[]> {
  const rows = await db.all<{ id: string, action: string, actor: string, actor_name: string, chatter_id: string | null, message_id: string | null, detail: string, created_at: number }>(
    'SELECT id, action, actor, actor_name, chatter_id, message_id, detail, created_at FROM chat_moderation_log WHERE show_id = ? OR show_id IS NULL ORDER BY id DESC LIMIT ?',
    [showId, limit],
  )
  return rows.map(row => ({
    id: row.id, action: row.action as ModerationAction, actor: row.actor, actorName: row.actor_name,
    chatterId: row.chatter_id, messageId: row.message_id, detail: row.detail, createdAt: Number(row.created_at),
  }))
}
