// Pure maths over stored viewer join/leave events: sessions, concurrent viewers over time, peak,
// unique viewers, watch time. No I/O and no auto-imports, so it is unit-tested in plain node.
import type { WatchTimeBucket } from '#shared/types/analytics'

export interface ViewerEventRow {
  identity: string
  kind: 'join' | 'leave'
  /** unix ms */
  at: number
}

export interface ViewerSession {
  identity: string
  start: number
  /** null: still watching (no leave stored yet). */
  end: number | null
}

export interface ViewerHistory {
  timeline: Array<[number, number]>
  peak: number
  peakAt: number | null
  uniqueViewers: number
  joins: number
  leaves: number
  averageWatchSeconds: number
  watchTime: WatchTimeBucket[]
}

/**
 * Pairs each identity's joins with its leaves in order. Identities are unique per connection, so
 * an identity normally has one join and at most one leave; pairing the i-th join with the i-th
 * leave (rather than walking one merged, time-sorted list) stays right when a leave's whole-second
 * timestamp sorts just before its own join's millisecond timestamp, and when deliveries arrive
 * out of order. A leave never ends a session before it started.
 */
export function viewerSessions(rows: readonly ViewerEventRow[]): ViewerSession[] {
  const byIdentity = new Map<string, { joins: number[], leaves: number[] }>()
  for (const row of rows) {
    let entry = byIdentity.get(row.identity)
    if (!entry) byIdentity.set(row.identity, entry = { joins: [], leaves: [] })
    ;(row.kind === 'join' ? entry.joins : entry.leaves).push(row.at)
  }
  const sessions: ViewerSession[] = []
  for (const [identity, { joins, leaves }] of byIdentity) {
    joins.sort((a, b) => a - b)
    leaves.sort((a, b) => a - b)
    // A leave whose join was never delivered is dropped: it cannot be placed on the timeline.
    joins.forEach((start, i) => {
      const leave = leaves[i]
      sessions.push({ identity, start, end: leave === undefined ? null : Math.max(start, leave) })
    })
  }
  return sessions
}

export const WATCH_TIME_BUCKETS: ReadonlyArray<Omit<WatchTimeBucket, 'sessions'>> = [
  { label: '< 1 min', fromSeconds: 0, toSeconds: 60 },
  { label: '1–5 min', fromSeconds: 60, toSeconds: 300 },
  { label: '5–15 min', fromSeconds: 300, toSeconds: 900 },
  { label: '15–30 min', fromSeconds: 900, toSeconds: 1800 },
  { label: '30–60 min', fromSeconds: 1800, toSeconds: 3600 },
  { label: '≥ 60 min', fromSeconds: 3600, toSeconds: null },
]

/**
 * Concurrent viewers as a step function. A session counts on [start, end): at an instant where one
 * viewer leaves and another joins, the count does not briefly double. Sessions still open are
 * watched until `until`: the show's end (they close there), or now while it is live (`live`: they
 * stay open and the timeline's last point carries the current count at `until`).
 */
export function viewerHistory(
  rows: readonly ViewerEventRow[],
  options: { from?: number, until: number, live?: boolean },
): ViewerHistory {
  const sessions = viewerSessions(rows)
  const changes: Array<[number, number]> = []
  let watchedMs = 0
  const buckets = WATCH_TIME_BUCKETS.map(bucket => ({ ...bucket, sessions: 0 }))
  for (const session of sessions) {
    const end = session.end ?? Math.max(session.start, options.until)
    changes.push([session.start, 1])
    if (session.end !== null || !options.live) changes.push([end, -1])
    const ms = end - session.start
    watchedMs += ms
    const seconds = ms / 1000
    const bucket = buckets.find(b => seconds >= b.fromSeconds && (b.toSeconds === null || seconds < b.toSeconds))
    if (bucket) bucket.sessions++
  }
  // Leaves before joins at the same instant (half-open sessions).
  changes.sort((a, b) => a[0] - b[0] || a[1] - b[1])

  const timeline: Array<[number, number]> = []
  const first = options.from ?? changes[0]?.[0]
  if (first !== undefined && (changes.length === 0 || first < changes[0]![0])) timeline.push([first, 0])
  let current = 0
  let peak = 0
  let peakAt: number | null = null
  for (let i = 0; i < changes.length; i++) {
    const [at, delta] = changes[i]!
    current += delta
    // One point per instant: the count after every change at that instant.
    if (i + 1 < changes.length && changes[i + 1]![0] === at) continue
    if (timeline.length && timeline[timeline.length - 1]![0] === at) timeline[timeline.length - 1]![1] = current
    else timeline.push([at, current])
    if (current > peak) {
      peak = current
      peakAt = at
    }
  }

  if (options.live && timeline.length && timeline[timeline.length - 1]![0] < options.until) {
    timeline.push([options.until, current])
  }

  return {
    timeline,
    peak,
    peakAt,
    uniqueViewers: new Set(sessions.map(s => s.identity)).size,
    joins: rows.filter(r => r.kind === 'join').length,
    leaves: rows.filter(r => r.kind === 'leave').length,
    averageWatchSeconds: sessions.length ? Math.round(watchedMs / sessions.length / 100) / 10 : 0,
    watchTime: buckets,
  }
}
