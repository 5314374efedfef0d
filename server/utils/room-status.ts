import { z } from 'zod'
import { TrackSource, TrackType, type ParticipantInfo, type Room } from 'livekit-server-sdk'
import type { LiveShow, ParticipantDetails, PublishedTrack, RoomStatus } from '#shared/types/livekit'
import { viewersOf } from '#shared/utils/viewers'

// Room status is polled by every viewer. LiveKit's answers go through a bounded cache
// (server/utils/bounded-cache.ts): fresh for 1 s; up to 5 s old, answered at once while one refresh
// runs (so no poller waits for LiveKit: p99 1.6 s → 6 ms in bench/status.mjs); never older than
// that — after a quiet spell the first request waits for a fresh answer instead of getting one from
// whenever the last request was. Concurrent requests for one room share one RoomService call; at
// most 5,000 room names are kept per instance (a miss for a name nobody created costs an entry,
// not memory forever), and with NUXT_CACHE_REDIS_URL the answers are shared through Redis with a
// TTL, so several instances cost LiveKit about one call per room per second.
const FRESH_MS = 1_000
const STALE_MS = 5_000
const MAX_ROOMS = 5_000

export const roomStatusQuerySchema = z.object({ room: roomNameSchema })

/** The JSON-safe part of a LiveKit Room that the status and list routes need. */
interface RoomSnapshot {
  name: string
  numParticipants: number
  numPublishers: number
  activeRecording: boolean
  /** Unix ms, or null when LiveKit did not say. */
  createdAtMs: number | null
}

function snapshot(room: Room): RoomSnapshot {
  const ms = room.creationTimeMs ? Number(room.creationTimeMs) : Number(room.creationTime) * 1000
  return {
    name: room.name,
    numParticipants: room.numParticipants,
    numPublishers: room.numPublishers,
    activeRecording: room.activeRecording,
    createdAtMs: ms > 0 ? ms : null,
  }
}

function roomCache<T>(name: string, fetch: (key: string) => Promise<T>) {
  const cache = createBoundedCache<T>({
    fetch, freshMs: FRESH_MS, staleMs: STALE_MS, maxEntries: MAX_ROOMS,
    shared: sharedCacheStore(`livekit:${name}`),
    onError: (error, what) => console.error(`[room-status] ${name}: ${what} failed:`, error instanceof Error ? error.message : error),
  })
  return (key: string) => cache.get(key)
}

// Wrapped in an object: a missing room (null) is a value worth caching too (briefly, bounded).
export const cachedRoomSnapshot = roomCache('room', async (room: string): Promise<{ room: RoomSnapshot | null }> => {
  const [found] = await useRoomService().listRooms([room]).catch(liveKitUnreachable)
  return { room: found ? snapshot(found) : null }
})

const roomList = roomCache('rooms', async (): Promise<RoomSnapshot[]> => (await useRoomService().listRooms().catch(liveKitUnreachable)).map(snapshot))
export const cachedRoomList = () => roomList('all')

const kinds: Record<number, PublishedTrack['kind']> = { [TrackType.AUDIO]: 'audio', [TrackType.VIDEO]: 'video', [TrackType.DATA]: 'data' }
const sources: Record<number, PublishedTrack['source']> = {
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
  [TrackSource.SCREEN_SHARE_AUDIO]: 'screen_share_audio',
}

function details(p: ParticipantInfo): ParticipantDetails {
  const joinedMs = p.joinedAtMs ? Number(p.joinedAtMs) : Number(p.joinedAt) * 1000
  return {
    identity: p.identity,
    name: p.name,
    role: p.attributes?.role ?? null,
    joinedAt: joinedMs > 0 ? new Date(joinedMs).toISOString() : null,
    hidden: Boolean(p.permission?.hidden),
    tracks: p.tracks.map(t => ({
      sid: t.sid,
      name: t.name,
      kind: kinds[t.type] ?? 'unknown',
      source: sources[t.source] ?? 'unknown',
      muted: t.muted,
      ...(t.width ? { width: t.width, height: t.height } : {}),
    })),
  }
}

export const cachedParticipants = roomCache('participants', async (room: string): Promise<ParticipantDetails[]> =>
  (await useRoomService().listParticipants(room).catch(liveKitUnreachable)).map(details))

export function publicStatus(name: string, room: RoomSnapshot | null, now = Date.now()): RoomStatus {
  if (!room) {
    return { room: name, live: false, viewers: 0, publishers: 0, isRecording: false, startedAt: null, uptimeSeconds: 0 }
  }
  return {
    room: name,
    live: room.numPublishers > 0,
    // The design's rule: counts come from LiveKit's room counters, never from participant lists.
    viewers: viewersOf(room),
    publishers: room.numPublishers,
    isRecording: room.activeRecording,
    startedAt: room.createdAtMs ? new Date(room.createdAtMs).toISOString() : null,
    uptimeSeconds: room.createdAtMs ? Math.max(0, Math.floor((now - room.createdAtMs) / 1000)) : 0,
  }
}

export function liveShows(rooms: RoomSnapshot[]): LiveShow[] {
  return rooms
    .filter(room => room.numPublishers > 0)
    .map((room) => {
      const status = publicStatus(room.name, room)
      return { room: room.name, viewers: status.viewers, publishers: status.publishers, isRecording: status.isRecording, startedAt: status.startedAt }
    })
    .sort((a, b) => b.viewers - a.viewers || a.room.localeCompare(b.room))
}
