// A show is live when its host is on air, not when the studio opens: the status changes the studio
// and LiveKit's webhooks cause, on both real backends (a SQLite file; PostgreSQL in a schema of this
// file's own, dropped afterwards).
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/utils/db'
import { dbBackends } from './support/db-backends'
import { BUILTIN_HOST_ID } from '../../server/db/schema/catalog'
import { closeShowRoom, putShowOnAir, recordRoomSid } from '../../server/utils/show-on-air'

const { backends, opened } = dbBackends('onair')

interface Row { status: string, started_at: number | string | null, ended_at: number | string | null, room_sid: string | null }

describe.each(backends)('a show goes live on air, on %s', (_name, open) => {
  let db: Db
  const T0 = Date.parse('2026-11-26T18:50:00Z')
  const read = async (id: string) => {
    const row = (await db.get<Row>('SELECT status, started_at, ended_at, room_sid FROM shows WHERE id = ?', [id]))!
    // PostgreSQL returns BIGINT as strings.
    return { ...row, started_at: row.started_at === null ? null : Number(row.started_at), ended_at: row.ended_at === null ? null : Number(row.ended_at) }
  }
  const insert = (id: string, status = 'scheduled') =>
    db.run('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [id, BUILTIN_HOST_ID, id, status, T0, T0])

  beforeAll(async () => {
    db = await open()
    opened.push(db)
  })

  it('opening the studio records the room and leaves the show scheduled; going on air makes it live from then', async () => {
    await insert('evening')
    await recordRoomSid(db, 'evening', 'RM_studio')
    expect(await read('evening')).toEqual({ status: 'scheduled', started_at: null, ended_at: null, room_sid: 'RM_studio' })

    expect(await putShowOnAir(db, 'evening', { now: T0 + 600_000 })).toBe('live')
    expect(await read('evening')).toEqual({ status: 'live', started_at: T0 + 600_000, ended_at: null, room_sid: 'RM_studio' })
  })

  it('going on air again (a rejoin) keeps the start time; re-opening a live show\'s studio keeps it live', async () => {
    expect(await putShowOnAir(db, 'evening', { now: T0 + 900_000 })).toBe('already-live')
    await recordRoomSid(db, 'evening', 'RM_afterOutage')
    expect(await read('evening')).toEqual({ status: 'live', started_at: T0 + 600_000, ended_at: null, room_sid: 'RM_afterOutage' })
  })

  it('a studio opened and closed without going on air leaves the show scheduled, and it can go live later', async () => {
    await insert('camera-check')
    await recordRoomSid(db, 'camera-check', 'RM_check')
    // LiveKit closes the empty room: room_finished with that room's sid.
    expect(await closeShowRoom(db, 'camera-check', 'RM_check', T0 + 60_000)).toBe('room-forgotten')
    expect(await read('camera-check')).toEqual({ status: 'scheduled', started_at: null, ended_at: null, room_sid: null })

    await recordRoomSid(db, 'camera-check', 'RM_showtime')
    expect(await putShowOnAir(db, 'camera-check', { now: T0 + 600_000 })).toBe('live')
    expect(await read('camera-check')).toMatchObject({ status: 'live', started_at: T0 + 600_000, room_sid: 'RM_showtime' })
  })

  it('a live show ends only when the room its host opened closes, not another room of that name', async () => {
    expect(await closeShowRoom(db, 'evening', 'RM_madeForAViewer', T0 + 3_000_000)).toBe('unchanged')
    expect(await read('evening')).toMatchObject({ status: 'live', ended_at: null })
    expect(await closeShowRoom(db, 'evening', 'RM_afterOutage', T0 + 3_600_000)).toBe('ended')
    expect(await read('evening')).toMatchObject({ status: 'ended', started_at: T0 + 600_000, ended_at: T0 + 3_600_000 })
    // A late room_finished for the same room changes nothing more.
    expect(await closeShowRoom(db, 'evening', 'RM_afterOutage', T0 + 3_700_000)).toBe('unchanged')
    expect(await read('evening')).toMatchObject({ ended_at: T0 + 3_600_000 })
  })

  it('an ended show does not go live again (the host schedules it again first); an unknown show is missing', async () => {
    expect(await putShowOnAir(db, 'evening', { now: T0 + 4_000_000, roomSid: 'RM_late' })).toBe('ended')
    expect(await read('evening')).toMatchObject({ status: 'ended', ended_at: T0 + 3_600_000, room_sid: 'RM_afterOutage' })
    expect(await putShowOnAir(db, 'no-such-show')).toBe('missing')
  })

  it('LiveKit\'s track_published puts a scheduled show live from the room its studio opened', async () => {
    await insert('webhook-first')
    await recordRoomSid(db, 'webhook-first', 'RM_studio')
    expect(await putShowOnAir(db, 'webhook-first', { now: T0, roomSid: 'RM_studio', eventAt: T0 })).toBe('live')
    expect(await read('webhook-first')).toMatchObject({ status: 'live', started_at: T0, room_sid: 'RM_studio' })
    // The studio's own call arrives after it: nothing changes.
    expect(await putShowOnAir(db, 'webhook-first', { now: T0 + 1_000 })).toBe('already-live')
    expect(await read('webhook-first')).toMatchObject({ status: 'live', started_at: T0, room_sid: 'RM_studio' })
  })

  it('a late track_published from an earlier airing\'s room neither airs a show scheduled again nor takes over a live show\'s room', async () => {
    await insert('retried')
    await recordRoomSid(db, 'retried', 'RM_first')
    expect(await putShowOnAir(db, 'retried', { now: T0 })).toBe('live')
    expect(await closeShowRoom(db, 'retried', 'RM_first', T0 + 3_600_000)).toBe('ended')
    // "Schedule again" (server/utils/shows.ts) forgets the room of the last airing.
    await db.run('UPDATE shows SET status = \'scheduled\', started_at = NULL, ended_at = NULL, room_sid = NULL WHERE id = ?', ['retried'])
    expect(await putShowOnAir(db, 'retried', { now: T0 + 3_700_000, roomSid: 'RM_first', eventAt: T0 })).toBe('not-its-room')
    expect(await read('retried')).toEqual({ status: 'scheduled', started_at: null, ended_at: null, room_sid: null })

    // Aired again from a new room: the old room's late event does not make it the show's room, so
    // the new room's closing still ends the show.
    await recordRoomSid(db, 'retried', 'RM_second')
    expect(await putShowOnAir(db, 'retried', { now: T0 + 4_000_000 })).toBe('live')
    expect(await putShowOnAir(db, 'retried', { now: T0 + 4_100_000, roomSid: 'RM_first', eventAt: T0 + 1_000 })).toBe('already-live')
    expect(await read('retried')).toMatchObject({ status: 'live', room_sid: 'RM_second' })
    expect(await closeShowRoom(db, 'retried', 'RM_second', T0 + 7_000_000)).toBe('ended')
  })

  it('a live show takes the room its host publishes in during this airing (a room made again after a LiveKit restart)', async () => {
    await insert('restarted')
    await recordRoomSid(db, 'restarted', 'RM_before')
    expect(await putShowOnAir(db, 'restarted', { now: T0 })).toBe('live')
    // LiveKit restarted mid-show and the host's livekit-client rejoined a room made for a viewer (not recorded).
    expect(await putShowOnAir(db, 'restarted', { now: T0 + 600_000, roomSid: 'RM_after', eventAt: T0 + 599_000 })).toBe('already-live')
    expect(await read('restarted')).toMatchObject({ status: 'live', started_at: T0, room_sid: 'RM_after' })
    expect(await closeShowRoom(db, 'restarted', 'RM_after', T0 + 900_000)).toBe('ended')
  })

  it('a show live since before rooms were recorded takes the room its host publishes in', async () => {
    await insert('legacy', 'live')
    expect(await putShowOnAir(db, 'legacy', { now: T0, roomSid: 'RM_legacy', eventAt: T0 })).toBe('already-live')
    expect(await read('legacy')).toMatchObject({ status: 'live', room_sid: 'RM_legacy' })
  })
})
