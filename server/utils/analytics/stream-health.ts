// Was the stream healthy? What the stored webhooks can tell about the publishers of a show: how
// many times a host (re)connected, and for what share of the broadcast video was actually
// published (gaps = the camera/screen was off or the host dropped out). Pure: no I/O.
import type { StreamHealth } from '#shared/types/analytics'

/** LiveKit stamps most events in whole seconds: shorter gaps are timing noise, not outages. */
export const MIN_GAP_MS = 2000

export interface PublisherEventRow {
  kind: 'participant_joined' | 'participant_left' | 'track_published' | 'track_unpublished'
  at: number
  identity: string | null
  /** Only for track events. */
  trackSid?: string
  trackType?: string
}

/** Reads the track out of a stored track_* payload (protobuf JSON: track.sid, track.type). */
export function trackOf(payload: string): { sid: string, type: string } | null {
  try {
    const track = (JSON.parse(payload) as { track?: { sid?: string, type?: string } }).track
    return track?.sid ? { sid: track.sid, type: track.type ?? 'AUDIO' } : null
  }
  catch {
    return null
  }
}

/**
 * `until` is the show's end (or now while live). The broadcast window runs from the first video
 * publication to the last publisher leaving (or `until`); video "on air" is the union of the video
 * tracks' published intervals inside it. A track still published when its publisher left ends there.
 */
export function streamHealth(rows: readonly PublisherEventRow[], until: number): StreamHealth {
  const sorted = [...rows].sort((a, b) => a.at - b.at)
  const publishers = sorted.filter(r => r.kind === 'participant_joined')
  const lefts = sorted.filter(r => r.kind === 'participant_left')
  const intervals: Array<[number, number]> = []
  const open = new Map<string, { from: number, identity: string | null }>()
  const closeFor = (identity: string | null, at: number) => {
    for (const [sid, track] of open) {
      if (track.identity === identity) {
        intervals.push([track.from, at])
        open.delete(sid)
      }
    }
  }
  for (const row of sorted) {
    if (row.kind === 'track_published' && row.trackType === 'VIDEO' && row.trackSid && !open.has(row.trackSid)) {
      open.set(row.trackSid, { from: row.at, identity: row.identity })
    }
    else if (row.kind === 'track_unpublished' && row.trackSid && open.has(row.trackSid)) {
      intervals.push([open.get(row.trackSid)!.from, row.at])
      open.delete(row.trackSid)
    }
    else if (row.kind === 'participant_left') closeFor(row.identity, row.at)
  }
  for (const track of open.values()) intervals.push([track.from, Math.max(track.from, until)])

  const start = intervals.length ? Math.min(...intervals.map(i => i[0])) : null
  const allLeft = publishers.length > 0 && lefts.length >= publishers.length
  const end = start === null ? null : Math.max(start, allLeft ? lefts[lefts.length - 1]!.at : until)
  intervals.sort((a, b) => a[0] - b[0])
  const gaps: Array<[number, number]> = []
  let cursor = start ?? 0
  for (const [from, to] of intervals) {
    if (from - cursor >= MIN_GAP_MS) gaps.push([cursor, from])
    cursor = Math.max(cursor, to)
  }
  if (end !== null && end - cursor >= MIN_GAP_MS) gaps.push([cursor, end])
  // On air = the window minus the gaps (noise-sized gaps count as on air, matching the list).
  const window = start === null || end === null ? 0 : end - start
  const onAir = window - gaps.reduce((sum, [from, to]) => sum + (to - from), 0)
  return {
    publisherSessions: publishers.length,
    videoOnAirPct: start === null ? null : window > 0 ? Math.round((onAir / window) * 1000) / 10 : 100,
    videoGaps: gaps.map(([from, to]) => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), seconds: Math.round((to - from) / 100) / 10 })),
  }
}
