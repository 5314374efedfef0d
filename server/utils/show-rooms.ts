// LiveKit rooms exist only for shows: LiveKit's room.auto_create is off, so a token for a name
// nobody created cannot make a room. The server creates a show's room, with its live state as the
// metadata every participant receives on connect.
import type { Room } from 'livekit-server-sdk'

// Kept well under LiveKit's empty_timeout (30 s, livekit/config.mjs): a room made for a viewer who
// never connects is gone after that, and the next token makes it again.
const ENSURED_FOR_MS = 5_000
const ensured = new Map<string, { at: number, done: Promise<unknown> }>()

// How long a room the app (re)makes waits for its first participant, counted from now.
const EMPTY_GRACE_S = 30

/**
 * LiveKit counts a room's empty_timeout from the creation time in its record, and on a cluster the
 * record outlives the node that held the room: when that node dies, the next CreateRoom starts the
 * room on a live node with the old record (same sid, same creation time), and unless someone is in
 * it within a second it closes at once ("empty timeout") and sends room_finished — seen in
 * test/e2e/cluster-failover.test.ts, where it ended the show while everyone was still rejoining.
 * So a room whose record is older than its empty_timeout gets one long enough to wait
 * EMPTY_GRACE_S from now. Harmless for a room in use: once someone has joined, LiveKit closes it by
 * departure_timeout instead.
 */
async function emptyTimeoutFor(showId: string): Promise<number | undefined> {
  const [existing] = await useRoomService().listRooms([showId])
  if (!existing) return undefined
  const age = Math.floor(Date.now() / 1000) - Number(existing.creationTime)
  return age >= existing.emptyTimeout ? age + EMPTY_GRACE_S : undefined
}

async function createShowRoom(showId: string): Promise<Room> {
  const state = await readLiveState(showId)
  try {
    const emptyTimeout = await emptyTimeoutFor(showId)
    // CreateRoom is idempotent: an existing room is returned as it is.
    return await useRoomService().createRoom({ name: showId, metadata: JSON.stringify(state), ...(emptyTimeout ? { emptyTimeout } : {}) })
  }
  catch (cause) {
    // 502, not liveKitUnreachable's 503: players tell "not configured" (503) from "unreachable".
    const detail = cause instanceof Error ? cause.message : String(cause)
    throw createError({
      statusCode: 502,
      statusMessage: 'LiveKit unreachable',
      message: `The live video service did not answer (${detail}). Try again in a moment.`,
    })
  }
}

/**
 * The host opened the studio: the room exists with the show's current live state, and it is the
 * show's room (the one whose closing counts). The show's status is left as it is: it goes live when
 * the host is on air (markShowLive), so a studio opened early and closed again never airs, and a
 * host re-opening a live show's studio keeps it live. Always asks LiveKit (hosts open the studio
 * rarely; viewers go through ensureShowRoom).
 */
export async function openShowRoom(showId: string): Promise<void> {
  const room = await createShowRoom(showId)
  ensured.set(showId, { at: Date.now(), done: Promise.resolve() })
  // A room that already existed keeps its metadata: write the newest state into it.
  await publishLiveState(showId)
  await recordShowRoom(showId, room.sid)
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

/**
 * LiveKit's room_finished webhook: a live show ends when the room its host opened closes (the host
 * left for good). A scheduled show whose studio was opened and closed without going on air stays
 * scheduled (and forgets that room). A room of that name with another sid — made for a viewer by
 * ensureShowRoom while the host's room was gone, and closed unjoined — leaves the show as it is.
 * Never fails the webhook.
 */
export async function showRoomFinished(showId: string, roomSid: string): Promise<void> {
  ensured.delete(showId)
  try {
    const result = await markShowRoomClosed(showId, roomSid)
    if (result === 'ended') console.info(`[shows] ${showId} ended: its room ${roomSid} closed`)
  }
  catch (error) {
    console.warn(`[shows] could not mark ${showId} ended: ${error instanceof Error ? error.message : error}`)
  }
}

/**
 * LiveKit's track_published webhook: only host tokens may publish (server/utils/tokens.ts), so a
 * track published in a show's room means its host is on air — the same signal as the studio's
 * POST /api/shows/:id/live, for when that request is lost. `eventAt`: LiveKit's createdAt (ms, whole
 * seconds). Never fails the webhook.
 */
export async function showTrackPublished(showId: string, roomSid: string, eventAt: number): Promise<void> {
  try {
    if (await markShowLive(showId, { roomSid, eventAt }) === 'live') console.info(`[shows] ${showId} is live: a track was published in ${roomSid}`)
  }
  catch (error) {
    console.warn(`[shows] could not mark ${showId} live: ${error instanceof Error ? error.message : error}`)
  }
}

/**
 * LiveKit came back after being unreachable (a restart: a single node keeps rooms in memory). With
 * auto_create off, the host's and viewers' reconnects would knock on rooms that no longer exist;
 * reopening the rooms of live shows lets livekit-client's own reconnect (it retries for ~40 s)
 * succeed. Idempotent: rooms that survived (several nodes on Redis) are left as they are.
 */
export async function reopenLiveShowRooms(): Promise<number> {
  const db = await useDb()
  const live = await db.all<{ id: string }>('SELECT id FROM shows WHERE status = \'live\'')
  for (const { id } of live) {
    ensured.delete(id)
    // Made again on the host's behalf: this room is the show's now (a single node restarted with a
    // new sid; on a cluster the record kept the old one).
    const room = await createShowRoom(id)
    await recordShowRoom(id, room.sid)
    await publishLiveState(id)
  }
  return live.length
}

/** Whether LiveKit answers its health check (GET / → 200), within `timeoutMs`. */
export async function liveKitAnswers(timeoutMs = 1_500): Promise<boolean> {
  const resolved = resolveLiveKitConfig()
  if ('missing' in resolved) return false
  try {
    const response = await fetch(`${resolved.config.httpUrl}/`, { signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel()
    return response.ok
  }
  catch {
    return false
  }
}
