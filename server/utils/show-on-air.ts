// When a show is live: from the moment its host is on air, not from the moment the studio opened.
// A host may open the studio early to check the camera and close it again; that opens the show's
// room (whose sid is recorded) but leaves the show scheduled. The studio says "on air" once its
// tracks are published (POST /api/shows/:id/live), and LiveKit's track_published webhook says it
// too when webhooks are configured. These take the database as an argument so they can be tested
// on a real SQLite file (test/unit/show-on-air.test.ts); server/utils/shows.ts wraps them.
import type { DbExecutor } from './db'

/**
 * What going on air did: `live` (it went live now), `already-live` (kept its start), or why not —
 * `not-its-room` is a webhook from a room that is not the show's (see putShowOnAir).
 */
export type OnAirResult = 'live' | 'already-live' | 'ended' | 'missing' | 'not-its-room'

/**
 * The host is on air: a scheduled show is live from `now`; a live one keeps its start (the studio
 * calls this again after every rejoin). An ended show stays ended: the host schedules it again
 * first. `roomSid` and `eventAt` come from LiveKit's track_published webhook (`eventAt`: its
 * createdAt, whole seconds, in ms). A scheduled show goes live only from its own room, the one its
 * studio opened; a live show takes the room when the event belongs to this airing (at or after its
 * start: the host's livekit-client rejoined a room made again after a LiveKit restart). A webhook
 * LiveKit retries late from an earlier airing's room must neither air a show scheduled again since
 * then, nor become a live show's room (whose closing would then never end it).
 */
export async function putShowOnAir(db: DbExecutor, showId: string, options: { roomSid?: string, eventAt?: number, now?: number } = {}): Promise<OnAirResult> {
  const now = options.now ?? Date.now()
  const sid = options.roomSid
  const { changes } = await db.run(
    `UPDATE shows SET status = 'live', started_at = ?, ended_at = NULL, updated_at = ? WHERE id = ? AND status = 'scheduled'${sid ? ' AND room_sid = ?' : ''}`,
    sid ? [now, now, showId, sid] : [now, now, showId],
  )
  if (changes) return 'live'
  const row = await db.get<{ status: string }>('SELECT status FROM shows WHERE id = ?', [showId])
  if (!row) return 'missing'
  if (row.status === 'scheduled') return 'not-its-room'
  if (row.status !== 'live') return 'ended'
  if (sid) {
    // createdAt is floored to the second: the event's second counts whole.
    const eventEnd = (options.eventAt ?? now) + 999
    await db.run('UPDATE shows SET room_sid = ? WHERE id = ? AND status = \'live\' AND (room_sid IS NULL OR started_at <= ?)', [sid, showId, eventEnd])
  }
  return 'already-live'
}

/**
 * The show's room was (re)made on its host's behalf (the studio opened, LiveKit back after an
 * outage): `roomSid` is the room whose closing counts. The status is left as it is.
 */
export async function recordRoomSid(db: DbExecutor, showId: string, roomSid: string): Promise<void> {
  // room_sid is not in any public answer, and updated_at stays the editor's.
  await db.run('UPDATE shows SET room_sid = ? WHERE id = ?', [roomSid, showId])
}

/** What a room closing did to its show. */
export type RoomClosedResult = 'ended' | 'room-forgotten' | 'unchanged'

/**
 * LiveKit closed a room called `showId` with `roomSid` (room_finished). A live show ends if that
 * room is its room (shows opened before sids were recorded end by name): its host left for good. A
 * scheduled show whose studio was opened and closed without going on air stays scheduled and
 * forgets the room, so it can go live later. A room of that name with another sid — made for a
 * viewer while the host's room was gone, closed unjoined — changes nothing.
 */
export async function closeShowRoom(db: DbExecutor, showId: string, roomSid: string, at = Date.now()): Promise<RoomClosedResult> {
  const ended = await db.run(
    'UPDATE shows SET status = \'ended\', ended_at = ?, updated_at = ? WHERE id = ? AND status = \'live\' AND (room_sid IS NULL OR room_sid = ?)',
    [at, Date.now(), showId, roomSid],
  )
  if (ended.changes) return 'ended'
  const forgotten = await db.run('UPDATE shows SET room_sid = NULL WHERE id = ? AND status = \'scheduled\' AND room_sid = ?', [showId, roomSid])
  return forgotten.changes ? 'room-forgotten' : 'unchanged'
}
