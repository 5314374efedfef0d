import { z } from 'zod'
import { TrackSource, TrackType, type ParticipantInfo, type Room } from 'livekit-server-sdk'
import type { LiveShow, ParticipantDetails, PublishedTrack, RoomStatus } from '#shared/types/livekit'
import { viewersOf } from '#shared/utils/viewers'

// Room status is polled by every viewer. The LiveKit answers are cached for 1 s per room in Nitro
// storage (the `cache` mount: memory on one instance, Redis when NUXT_CACHE_REDIS_URL is set —
// server/plugins/cache-storage.ts) and Nitro's cached functions share one in-flight call among
// concurrent requests for the same key in an instance. swr is on: the request that finds an entry
// expired still gets it at once while one refresh runs, so no viewer ever waits for LiveKit (with
// swr off, everyone arriving during that refresh waited: p99 1.6 s vs 6 ms in bench/status.mjs).
// An answer is at most ~1 s plus one RoomService round-trip old.
const CACHE = { maxAge: 1, swr: true, group: 'livekit' } as const

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

// Wrapped in an object: a missing room (null) is a value worth caching too.
export const cachedRoomSnapshot = defineCachedFunction(
  async (room: string): Promise<{ room: RoomSnapshot | null }> => {
    const [found] = await useRoomService().listRooms([room]).catch(liveKitUnreachable)
    return { room: found ? snapshot(found) : null }
  },
  { ...CACHE, name: 'room', getKey: (room: string) => room },
)

export const cachedRoomList = defineCachedFunction(
  async (): Promise<RoomSnapshot[]> => (await useRoomService().listRooms().catch(liveKitUnreachable)).map(snapshot),
  { ...CACHE, name: 'rooms', getKey: () => 'all' },
)

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

export const cachedParticipants = defineCachedFunction(
  async (room: string): Promise<ParticipantDetails[]> =>
    (await useRoomService().listParticipants(room).catch(liveKitUnreachable)).map(details),
  { ...CACHE, name: 'participants', getKey: (room: string) => room },
)

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
