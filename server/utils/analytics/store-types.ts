// The repository interface both analytics backends (SQLite, PostgreSQL) implement, and the group
// commit they share. Pure TypeScript, no Nitro auto-imports.
import type { NormalizedEvent, RecordingRow } from './webhook-rows'
import type { ViewerEventRow } from './viewer-sessions'
import { trackOf, type PublisherEventRow } from './stream-health'

export interface ShowRecord {
  sid: string
  roomName: string
  startedAt: number
  endedAt: number | null
  version: number
  statsVersion: number
  peakViewers: number
  uniqueViewers: number
  recordings: number
}

export interface AnalyticsStore {
  readonly backend: 'sqlite' | 'postgres'
  /** Where the data lives, for logs (no credentials). */
  readonly location: string
  /** Stores the event (and its show/recording rows); resolves once committed. false = already stored. */
  recordEvent: (event: NormalizedEvent) => Promise<boolean>
  listShows: (from: number, to: number, limit: number) => Promise<ShowRecord[]>
  getShow: (sid: string) => Promise<ShowRecord | null>
  /** Caches a show's figures unless a viewer event arrived since `version` was read. */
  saveShowStats: (sid: string, version: number, peak: number, unique: number) => Promise<void>
  viewerEvents: (sid: string) => Promise<ViewerEventRow[]>
  recordings: (sid: string) => Promise<RecordingRow[]>
  publisherEvents: (sid: string) => Promise<PublisherEventRow[]>
  countEvents: () => Promise<number>
  close: () => Promise<void>
}

/** Row shapes as the drivers return them (PostgreSQL gives BIGINT as strings). */
export type DbValue = string | number | bigint | null
export type DbRow = Record<string, DbValue>

const num = (value: DbValue | undefined) => Number(value)
const numOrNull = (value: DbValue | undefined) => (value === null || value === undefined ? null : Number(value))

export function toShowRecord(row: DbRow): ShowRecord {
  return {
    sid: String(row.sid),
    roomName: String(row.room_name),
    startedAt: num(row.started_ms),
    endedAt: numOrNull(row.ended_ms),
    version: num(row.version),
    statsVersion: num(row.stats_version),
    peakViewers: num(row.peak_viewers),
    uniqueViewers: num(row.unique_viewers),
    recordings: num(row.recordings),
  }
}

export function toViewerEvent(row: DbRow): ViewerEventRow {
  return { identity: String(row.participant_identity), kind: row.kind === 'participant_joined' ? 'join' : 'leave', at: num(row.at_ms) }
}

export function toRecordingRow(row: DbRow): RecordingRow {
  return {
    egressId: String(row.egress_id),
    roomSid: String(row.room_sid),
    roomName: String(row.room_name),
    status: String(row.status) as RecordingRow['status'],
    startedAt: numOrNull(row.started_ms),
    endedAt: numOrNull(row.ended_ms),
    updatedAt: num(row.updated_ms),
    location: row.location == null ? null : String(row.location),
    durationSeconds: numOrNull(row.duration_s),
    sizeBytes: numOrNull(row.size_bytes),
    error: row.error == null ? null : String(row.error),
  }
}

export function toPublisherEvent(row: DbRow): PublisherEventRow {
  const kind = String(row.kind) as PublisherEventRow['kind']
  const track = kind.startsWith('track_') ? trackOf(String(row.payload)) : null
  return {
    kind,
    at: num(row.at_ms),
    identity: row.participant_identity == null ? null : String(row.participant_identity),
    ...(track ? { trackSid: track.sid, trackType: track.type } : {}),
  }
}

/** Parameters of each write statement, in the order of schema.ts's SQL. */
export function writeParams(item: NormalizedEvent) {
  const { event, show, recording } = item
  return {
    event: [event.id, event.kind, event.roomName, event.roomSid, event.identity, event.isViewer, event.egressId, event.at, event.receivedAt, event.payload],
    show: show ? [show.sid, show.roomName, show.startedAt, show.endedAt, event.isViewer === 1 ? 1 : 0] : null,
    recording: recording
      ? [recording.egressId, recording.roomSid, recording.roomName, recording.status, recording.startedAt, recording.endedAt, recording.updatedAt, recording.location, recording.durationSeconds, recording.sizeBytes, recording.error]
      : null,
  }
}

interface Pending<T, R> {
  item: T
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: deliveries that arrive while a commit is being made wait and go into the next
 * transaction together, so a burst costs one fsync per batch instead of one per event, and each
 * caller still learns only after its own event is committed. A batch that fails is retried one
 * event at a time, so one bad event cannot fail its neighbours.
 */
export class GroupCommit<T, R> {
  private pending: Array<Pending<T, R>> = []
  private running = false
  private scheduled = false

  constructor(private readonly write: (items: T[]) => Promise<R[]> | R[], private readonly maxBatch = 500) {}

  push(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      this.schedule()
    })
  }

  private lastFlushEnded = 0

  private schedule() {
    if (this.running || this.scheduled) return
    this.scheduled = true
    const run = () => {
      this.scheduled = false
      void this.flush()
    }
    // Idle: commit at once (setImmediate still lets requests read in this turn join). Under load
    // (the previous commit just ended), wait a millisecond so the deliveries whose verification is
    // still in flight join this commit too: one fsync then covers many events, not a handful.
    if (performance.now() - this.lastFlushEnded < 2) setTimeout(run, 1)
    else setImmediate(run)
  }

  private async flush() {
    if (this.running || !this.pending.length) return
    this.running = true
    const batch = this.pending.splice(0, this.maxBatch)
    try {
      const results = await this.write(batch.map(p => p.item))
      batch.forEach((p, i) => p.resolve(results[i]!))
    }
    catch (error) {
      if (batch.length === 1) batch[0]!.reject(error)
      else {
        for (const p of batch) {
          try {
            p.resolve((await this.write([p.item]))[0]!)
          }
          catch (single) {
            p.reject(single)
          }
        }
      }
    }
    finally {
      this.running = false
      this.lastFlushEnded = performance.now()
      if (this.pending.length) this.schedule()
    }
  }
}
