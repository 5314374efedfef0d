// Turns stored events into the answers of /api/analytics/*: shows in a time range, one show's
// history, and the live rooms (LiveKit's own counts + figures from the stored events).
import type {
  LiveRoomSummary, RecordingSummary, ShowHistory, ShowSummary,
} from '#shared/types/analytics'
import type { AnalyticsStore, ShowRecord } from './analytics/store-types'
import type { RecordingRow } from './analytics/webhook-rows'
import { viewerHistory } from './analytics/viewer-sessions'
import { streamHealth } from './analytics/stream-health'
import { viewersOf } from '#shared/utils/viewers'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

async function historyOf(store: AnalyticsStore, show: ShowRecord, now: number) {
  const rows = await store.viewerEvents(show.sid)
  return viewerHistory(rows, { from: show.startedAt, until: show.endedAt ?? now, live: show.endedAt === null })
}

/** Peak and unique viewers, from the cache when no viewer event arrived since it was made. */
async function figuresOf(store: AnalyticsStore, show: ShowRecord, now: number) {
  if (show.statsVersion === show.version) return { peak: show.peakViewers, unique: show.uniqueViewers }
  const history = await historyOf(store, show, now)
  await store.saveShowStats(show.sid, show.version, history.peak, history.uniqueViewers)
  return { peak: history.peak, unique: history.uniqueViewers }
}

function summary(show: ShowRecord, figures: { peak: number, unique: number }): ShowSummary {
  return {
    sid: show.sid,
    room: show.roomName,
    startedAt: iso(show.startedAt)!,
    endedAt: iso(show.endedAt),
    peakViewers: figures.peak,
    uniqueViewers: figures.unique,
    recordings: show.recordings,
  }
}

export async function listShowSummaries(store: AnalyticsStore, from: number, to: number, limit = 100): Promise<ShowSummary[]> {
  const shows = await store.listShows(from, to, limit)
  const now = Date.now()
  const out: ShowSummary[] = []
  for (const show of shows) out.push(summary(show, await figuresOf(store, show, now)))
  return out
}

export function toRecordingSummary(row: RecordingRow): RecordingSummary {
  return {
    egressId: row.egressId,
    status: row.status,
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    location: row.location,
    durationSeconds: row.durationSeconds,
    sizeBytes: row.sizeBytes,
    error: row.error,
  }
}

export async function showHistory(store: AnalyticsStore, sid: string): Promise<ShowHistory | null> {
  const show = await store.getShow(sid)
  if (!show) return null
  const now = Date.now()
  const [history, recordings, publisherEvents] = await Promise.all([historyOf(store, show, now), store.recordings(sid), store.publisherEvents(sid)])
  if (show.statsVersion !== show.version) {
    await store.saveShowStats(sid, show.version, history.peak, history.uniqueViewers)
  }
  return {
    ...summary(show, { peak: history.peak, unique: history.uniqueViewers }),
    timeline: history.timeline,
    peakAt: iso(history.peakAt),
    joins: history.joins,
    leaves: history.leaves,
    averageWatchSeconds: history.averageWatchSeconds,
    watchTime: history.watchTime,
    recordingList: recordings.map(toRecordingSummary),
    health: streamHealth(publisherEvents, show.endedAt ?? now),
  }
}

/** Live rooms from LiveKit (viewers = numParticipants − numPublishers) with this show's stored figures. */
export async function liveRoomSummaries(store: AnalyticsStore | null, roomName?: string): Promise<LiveRoomSummary[]> {
  const rooms = await useRoomService().listRooms(roomName ? [roomName] : undefined).catch(liveKitUnreachable)
  const now = Date.now()
  const out: LiveRoomSummary[] = []
  for (const room of rooms) {
    const createdMs = Number(room.creationTimeMs) || Number(room.creationTime) * 1000
    let figures = { peak: 0, joins: 0, leaves: 0 }
    const show = store ? await store.getShow(room.sid) : null
    if (store && show) {
      const history = await historyOf(store, show, now)
      figures = { peak: history.peak, joins: history.joins, leaves: history.leaves }
    }
    out.push({
      room: room.name,
      sid: room.sid,
      viewers: viewersOf(room),
      publishers: room.numPublishers,
      isRecording: room.activeRecording,
      startedAt: createdMs ? new Date(createdMs).toISOString() : null,
      uptimeSeconds: createdMs ? Math.max(0, Math.round((now - createdMs) / 1000)) : 0,
      peakViewers: figures.peak,
      joins: figures.joins,
      leaves: figures.leaves,
    })
  }
  return out.sort((a, b) => b.viewers - a.viewers || a.room.localeCompare(b.room))
}
