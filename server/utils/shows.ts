// Shows as records: create/edit/list for hosts, the public detail (show + lineup) behind a short
// shared cache, and the status changes the studio and LiveKit's webhooks cause. A show's id is also
// its LiveKit room name.
import type { User } from '#auth-utils'
import type { Show, ShowDetail, ShowStatus } from '#shared/types/catalog'
import { z } from 'zod'
import { BUILTIN_HOST_ID } from '../db/schema/catalog'
import type { DbExecutor } from './db'
import { closeShowRoom, putShowOnAir, recordRoomSid, type OnAirResult, type RoomClosedResult } from './show-on-air'

export interface ShowDbRow {
  id: string
  host_id: string
  host_name: string
  title: string
  description: string
  cover_image: string | null
  snapshot_image: string | null
  snapshot_at: number | null
  scheduled_at: number | null
  status: ShowStatus
  started_at: number | null
  ended_at: number | null
  created_at: number
  updated_at: number
}

const SHOW_SELECT = 'SELECT s.*, h.name AS host_name FROM shows s JOIN hosts h ON h.id = s.host_id'
export const SHOW_TITLE_MAX = 120
export const SHOW_DESCRIPTION_MAX = 2000
export const LINEUP_MAX = 50

/** Uploaded image ids (see server/utils/images.ts): url-safe, no path characters. */
export const imageIdSchema = z.string({ error: 'must be an image id' }).regex(/^[\w-]{8,64}$/, 'is not an uploaded image id')

const titleSchema = z.string({ error: 'is required' }).trim().min(1, 'must not be empty')
  .max(SHOW_TITLE_MAX, `must be at most ${SHOW_TITLE_MAX} characters`)
  .regex(/^[^\p{C}]+$/u, 'must contain printable characters only')
const descriptionSchema = z.string({ error: 'must be text' }).trim()
  .max(SHOW_DESCRIPTION_MAX, `must be at most ${SHOW_DESCRIPTION_MAX} characters`)
  .regex(/^(?:[^\p{C}]|[\n\r\t])*$/u, 'must not contain control characters')
const scheduledAtSchema = z.iso.datetime({ offset: true, error: 'must be a date and time like 2026-12-01T18:00:00Z' }).nullable()
const lineupSchema = z.array(z.string({ error: 'must be product ids' }).regex(/^[\w-]{1,64}$/, 'must be product ids'), { error: 'must be a list of product ids' })
  .max(LINEUP_MAX, `may hold at most ${LINEUP_MAX} products`)
  .refine(ids => new Set(ids).size === ids.length, 'must not list a product twice')

export const showCreateSchema = z.object({
  id: roomNameSchema,
  title: titleSchema,
  description: descriptionSchema.optional().default(''),
  scheduledAt: scheduledAtSchema.optional().default(null),
  coverImage: imageIdSchema.nullable().optional().default(null),
  lineup: lineupSchema.optional().default([]),
}).strict()

export const showUpdateSchema = z.object({
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  scheduledAt: scheduledAtSchema.optional(),
  coverImage: imageIdSchema.nullable().optional(),
  lineup: lineupSchema.optional(),
  // "live" is set by going on air (POST /api/shows/:id/live); a host ends a show, or schedules an ended one again.
  status: z.enum(['scheduled', 'ended'], { error: 'must be scheduled or ended' }).optional(),
}).strict()

export type ShowCreateInput = z.infer<typeof showCreateSchema>
export type ShowUpdateInput = z.infer<typeof showUpdateSchema>

const iso = (ms: number | null) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString())

export function toShow(row: ShowDbRow): Show {
  return {
    id: row.id,
    hostId: row.host_id,
    hostName: row.host_name,
    title: row.title,
    description: row.description,
    coverImage: row.cover_image,
    snapshotImage: row.snapshot_image,
    scheduledAt: iso(row.scheduled_at),
    status: row.status,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
  }
}

/** The hosts row a host session acts as (the access-key host is the built-in one). */
export function sessionHostId(user: User): string {
  return user.hostId ?? BUILTIN_HOST_ID
}

export async function getShow(id: string): Promise<Show | undefined> {
  const db = await requireDb()
  const row = await db.get<ShowDbRow>(`${SHOW_SELECT} WHERE s.id = ?`, [id])
  return row && toShow(row)
}

/** A host's own shows, or every show for ops; upcoming and live first. */
export async function listShowsFor(user: User): Promise<Show[]> {
  const db = await requireDb()
  const order = `ORDER BY CASE s.status WHEN 'live' THEN 0 WHEN 'scheduled' THEN 1 ELSE 2 END, COALESCE(s.scheduled_at, s.created_at) DESC, s.id`
  const rows = user.role === 'ops'
    ? await db.all<ShowDbRow>(`${SHOW_SELECT} ${order}`)
    : await db.all<ShowDbRow>(`${SHOW_SELECT} WHERE s.host_id = ? ${order}`, [sessionHostId(user)])
  return rows.map(toShow)
}

/** The show and its lineup (archived products left out), uncached. */
export async function loadShowDetail(id: string): Promise<ShowDetail | null> {
  const db = await requireDb()
  const row = await db.get<ShowDbRow>(`${SHOW_SELECT} WHERE s.id = ?`, [id])
  if (!row) return null
  const products = await db.all<ProductDbRow>(
    'SELECT p.* FROM show_products sp JOIN products p ON p.id = sp.product_id WHERE sp.show_id = ? AND p.archived = 0 ORDER BY sp.position',
    [id],
  )
  return { ...toShow(row), lineup: await withVariants(db, products) }
}

// Every viewer of a show reads its detail (and scheduled-show pages poll it), so answers are
// shared for 5 s (memory, or Redis with several instances), served stale while one refresh runs;
// edits through this app drop the entry at once (forgetShowDetail).
const SHOW_DETAIL_CACHE = { maxAge: 5, swr: true, group: 'catalog', name: 'show' } as const

export const cachedShowDetail = defineCachedFunction(
  async (id: string): Promise<{ show: ShowDetail | null }> => ({ show: await loadShowDetail(id) }),
  { ...SHOW_DETAIL_CACHE, getKey: (id: string) => id },
)

/** Drops the cached detail of these shows (after an edit to them or to a product in them). */
export async function forgetShowDetail(...ids: string[]): Promise<void> {
  const storage = useStorage()
  await Promise.all(ids.map(id =>
    storage.removeItem(`/cache:${SHOW_DETAIL_CACHE.group}:${SHOW_DETAIL_CACHE.name}:${id}.json`).catch(() => {})))
}

/** 400 unless every id is a non-archived product of this host. */
async function checkLineup(tx: DbExecutor, hostId: string, lineup: string[]) {
  if (!lineup.length) return
  const owned = await tx.all<{ id: string }>(
    `SELECT id FROM products WHERE host_id = ? AND archived = 0 AND id IN (${sqlPlaceholders(lineup.length)})`,
    [hostId, ...lineup],
  )
  const found = new Set(owned.map(row => row.id))
  const missing = lineup.filter(id => !found.has(id))
  if (missing.length) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: `lineup: ${missing.map(id => `"${id}"`).join(', ')} ${missing.length === 1 ? 'is not one of your products' : 'are not your products'} (or archived).` })
  }
}

async function writeLineup(tx: DbExecutor, showId: string, lineup: string[]) {
  await tx.run('DELETE FROM show_products WHERE show_id = ?', [showId])
  for (const [position, productId] of lineup.entries()) {
    await tx.run('INSERT INTO show_products (show_id, product_id, position) VALUES (?, ?, ?)', [showId, productId, position])
  }
}

const toMs = (value: string | null | undefined) => (value ? Date.parse(value) : null)

export async function insertShow(hostId: string, input: ShowCreateInput): Promise<ShowDetail> {
  const db = await requireDb()
  const now = Date.now()
  await db.transaction(async (tx) => {
    await checkLineup(tx, hostId, input.lineup)
    const { changes } = await tx.run(
      `INSERT INTO shows (id, host_id, title, description, cover_image, scheduled_at, status, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?) ON CONFLICT (id) DO NOTHING`,
      [input.id, hostId, input.title, input.description, input.coverImage, toMs(input.scheduledAt), now, now],
    )
    if (changes !== 1) {
      throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `id: a show called "${input.id}" already exists, pick another name.` })
    }
    await writeLineup(tx, input.id, input.lineup)
  })
  await forgetShowDetail(input.id)
  return (await loadShowDetail(input.id))!
}

export async function updateShow(showId: string, hostId: string, patch: ShowUpdateInput): Promise<ShowDetail> {
  const db = await requireDb()
  const now = Date.now()
  const sets: string[] = []
  const params: (string | number | null)[] = []
  const set = (column: string, value: string | number | null) => {
    sets.push(`${column} = ?`)
    params.push(value)
  }
  if (patch.title !== undefined) set('title', patch.title)
  if (patch.description !== undefined) set('description', patch.description)
  if (patch.scheduledAt !== undefined) set('scheduled_at', toMs(patch.scheduledAt))
  if (patch.coverImage !== undefined) set('cover_image', patch.coverImage)
  if (patch.status === 'ended') {
    sets.push('status = \'ended\'', 'ended_at = COALESCE(ended_at, ?)')
    params.push(now)
  }
  // Scheduled again: the room of the last airing is not the show's any more (the studio records
  // the next one), so a late webhook from it changes nothing (server/utils/show-on-air.ts).
  if (patch.status === 'scheduled') sets.push('status = \'scheduled\'', 'started_at = NULL', 'ended_at = NULL', 'room_sid = NULL')
  set('updated_at', now)
  await db.transaction(async (tx) => {
    if (patch.lineup) {
      await checkLineup(tx, hostId, patch.lineup)
      await writeLineup(tx, showId, patch.lineup)
    }
    await tx.run(`UPDATE shows SET ${sets.join(', ')} WHERE id = ?`, [...params, showId])
  })
  await forgetShowDetail(showId)
  return (await loadShowDetail(showId))!
}

/**
 * The host is on air (the studio published its tracks, or LiveKit's track_published webhook): a
 * scheduled show is live from now, a live one keeps its start. See server/utils/show-on-air.ts.
 */
export async function markShowLive(showId: string, webhook?: { roomSid: string, eventAt: number }): Promise<OnAirResult> {
  const result = await putShowOnAir(await requireDb(), showId, webhook ?? {})
  if (result === 'live') await forgetShowDetail(showId)
  return result
}

/** The show's room was made (the host opened the studio, LiveKit back after an outage): it is the show's room now. */
export async function recordShowRoom(showId: string, roomSid: string): Promise<void> {
  await recordRoomSid(await requireDb(), showId, roomSid)
}

/**
 * LiveKit closed a room of this show (room_finished): a live show whose room it was has ended; a
 * scheduled one forgets the room and stays scheduled. Returns what happened.
 */
export async function markShowRoomClosed(showId: string, roomSid: string, at = Date.now()): Promise<RoomClosedResult> {
  const result = await closeShowRoom(await requireDb(), showId, roomSid, at)
  if (result === 'ended') await forgetShowDetail(showId)
  return result
}
