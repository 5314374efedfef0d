// LiveKit rooms exist only for shows: LiveKit's room.auto_create is off, so a token for a name
// nobody created cannot make a room. The server creates a show's room, with its live state as the
// metadata every participant receives on connect.
import type { Room } from 'livekit-server-sdk'

// Kept well under LiveKit's empty_timeout (30 s, livekit/config.mjs): a room made for a viewer who
// never connects is gone after that, and the next token makes it again.
const ENSURED_FOR_MS = 5_000
const ensured = new Map<string, { at: number, done: Promise<unknown> }>()

async function createShowRoom(showId: string): Promise<Room> {
  const state = await readLiveState(showId)
  // CreateRoom is idempotent: an existing room is returned as it is.
  return useRoomService().createRoom({ name: showId, metadata: JSON.stringify(state) }).catch((cause) => {
    // 502, not liveKitUnreachable's 503: players tell "not configured" (503) from "unreachable".
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw createError({
      statusCode: 502,
      statusMessage: 'LiveKit unreachable',
      message: `The live video service did not answer (${detail}). Try again in a moment.`,
    })
  })
}

/**
 * The host opened the studio: the room exists with the show's current live state, and the show
 * is live. Always asks LiveKit (hosts open the studio rarely; viewers go through ensureShowRoom).
 */
export async function openShowRoom(showId: string): Promise<void> {
  await createShowRoom(showId)
  ensured.set(showId, { at: Date.now(), done: Promise.resolve() })
  // A room that already existed keeps its metadata: write the newest state into it.
  await publishLiveState(showId)
  await markShowLive(showId)
}

/**
 * A viewer is about to join a scheduled or live show: make sure its room exists so the join is not
 * refused. One RoomService call per show per few seconds per instance, shared by concurrent viewers.
 */
export async function ensureShowRoom(showId: string): Promise<void> {
  const now = Date.now()
  const known = ensured.get(showId)
  if (known && now - known.at < ENSURED_FOR_MS) {
    await known.done
    return
  }
  const done = createShowRoom(showId)
  ensured.set(showId, { at: now, done })
  try {
    await done
  }
  catch (error) {
    if (ensured.get(showId)?.done === done) ensured.delete(showId)
    throw error
  }
  if (ensured.size > 10_000) {
    for (const [id, entry] of ensured) if (now - entry.at >= ENSURED_FOR_MS) ensured.delete(id)
  }
}

/** LiveKit's room_finished webhook: a live show whose room closed has ended. Never fails the webhook. */
export async function showRoomFinished(showId: string): Promise<void> {
  ensured.delete(showId)
  await markShowEnded(showId).catch(error => console.warn(`[shows] could not mark ${showId} ended: ${error instanceof Error ? error.message : error}`))
}

// Nobody in the room of a "live" show for this long (no webhook told us it ended): it has ended.
const ABANDONED_AFTER_MS = 2 * 60_000
// A room gone for less than this may have been closed on purpose: its room_finished webhook (which
// ends the show) usually lands first. LiveKit's clients keep retrying a reconnect for ~40 s.
const RECREATE_AFTER_MS = 4_000
const emptySince = new Map<string, number>()

/**
 * Keeps the rooms of live shows open. With auto_create off, a LiveKit restart (a single node keeps
 * rooms in memory) would leave the host's and viewers' reconnects knocking on a room that no longer
 * exists; recreating it lets livekit-client's own reconnect succeed. A live show whose room stays
 * empty for minutes is ended (the webhook that would say so may be off or lost).
 */
export async function keepLiveShowRooms(now = Date.now()): Promise<void> {
  const db = await useDb()
  const live = await db.all<{ id: string }>('SELECT id FROM shows WHERE status = \'live\'')
  if (!live.length) {
    emptySince.clear()
    return
  }
  const rooms = new Map((await cachedRoomList()).map(room => [room.name, room]))
  for (const { id } of live) {
    const room = rooms.get(id)
    if (room && room.numParticipants > 0) {
      emptySince.delete(id)
      continue
    }
    const since = emptySince.get(id) ?? now
    emptySince.set(id, since)
    if (now - since > ABANDONED_AFTER_MS) {
      emptySince.delete(id)
      await markShowEnded(id, since)
    }
    else if (!room && now - since >= RECREATE_AFTER_MS) {
      ensured.delete(id)
      await createShowRoom(id)
    }
  }
  for (const id of emptySince.keys()) if (!live.some(show => show.id === id)) emptySince.delete(id)
}
