// The app's one WebRTC stats maths module: network figures from successive stats samples (the
// studio's badges and `metrics-update` via streamStatsOf, LiveKitAnalytics' Stats tab), and rolling
// series for its charts. No livekit-client import: unit-tested with stats fixtures. Sampling the
// Room is useStreamStats' job.
//
// Counters (bytes, packets) are cumulative per RTCStats id. Rates come from the difference between
// two samples of the same id over the time between them. A counter that went down was reset (a new
// transport after an ICE restart or a re-published track reuses the id): everything it counts now
// was sent since the reset, inside this interval, so its current value is this interval's delta.
// An id seen for the first time in a later sample is new in this interval in the same way.
import type { ConnectionQualityLevel, StreamStats } from '#shared/types/stream'

export interface RtcStatsEntry {
  type: string
  id: string
  kind?: string
  bytesSent?: number
  bytesReceived?: number
  packetsSent?: number
  packetsReceived?: number
  packetsLost?: number
  framesPerSecond?: number
  frameWidth?: number
  frameHeight?: number
  jitter?: number
  roundTripTime?: number
  currentRoundTripTime?: number
  fractionLost?: number
  state?: string
  nominated?: boolean
}

/** One participant's track stats in a sample (local = what this device sends). */
export interface ParticipantStatsInput {
  identity: string
  name: string
  local: boolean
  /** livekit-client ConnectionQuality: 'excellent' | 'good' | 'poor' | 'lost' | 'unknown' */
  quality: string
  entries: RtcStatsEntry[]
}

export interface StatsSample {
  /** ms (performance.now() or Date.now(): only differences are used) */
  at: number
  participants: ParticipantStatsInput[]
}

export interface VideoFormat {
  width: number
  height: number
  fps: number | null
}

export interface ParticipantQuality {
  identity: string
  name: string
  local: boolean
  quality: string
  /** The largest video layer sent (local) or received (remote). */
  video: VideoFormat | null
}

export interface NetworkMetrics {
  uploadKbps: number
  downloadKbps: number
  rttMs: number | null
  jitterMs: number | null
  /** Received packets lost in this interval, % of packets expected; null before two samples. */
  packetLossPct: number | null
  /** Loss the SFU reports on what this device sends (remote-inbound-rtp fractionLost, worst stream, %). */
  sentLossPct: number | null
  participants: ParticipantQuality[]
}

interface Counter { bytesSent: number, bytesReceived: number, packetsReceived: number, packetsLost: number }

/** What the reducer keeps between samples. */
export interface NetworkState {
  at: number
  counters: Map<string, Counter>
}

const round1 = (value: number) => Math.round(value * 10) / 10
const avg = (values: number[]) => (values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null)

/** Growth of a cumulative counter between two samples (see the reset rule above). */
export function counterDelta(current: number, previous: number | undefined): number {
  if (previous === undefined || current < previous) return current
  return current - previous
}

function largestVideo(entries: RtcStatsEntry[], type: 'outbound-rtp' | 'inbound-rtp'): VideoFormat | null {
  let best: VideoFormat | null = null
  for (const e of entries) {
    if (e.type !== type || e.kind !== 'video' || !e.frameWidth || !e.frameHeight) continue
    if (!best || e.frameWidth * e.frameHeight > best.width * best.height) {
      best = { width: e.frameWidth, height: e.frameHeight, fps: typeof e.framesPerSecond === 'number' ? Math.round(e.framesPerSecond) : null }
    }
  }
  return best
}

/** Folds one sample into the state; the first sample gives rates of 0 (no interval yet). */
export function reduceNetwork(previous: NetworkState | null, sample: StatsSample): { state: NetworkState, metrics: NetworkMetrics } {
  const counters = new Map<string, Counter>()
  const seconds = previous ? (sample.at - previous.at) / 1000 : 0
  let sentBytes = 0
  let receivedBytes = 0
  let receivedPackets = 0
  let lostPackets = 0
  const rtts: number[] = []
  const jitters: number[] = []
  let sentLoss: number | null = null
  const participants: ParticipantQuality[] = []
  const seen = new Set<string>()

  for (const participant of sample.participants) {
    for (const e of participant.entries) {
      // The same RTCStats id can appear in several tracks' reports (shared transport): once.
      if (seen.has(e.id)) continue
      seen.add(e.id)
      if (e.type === 'outbound-rtp' || e.type === 'inbound-rtp') {
        const now: Counter = {
          bytesSent: e.bytesSent ?? 0, bytesReceived: e.bytesReceived ?? 0,
          packetsReceived: e.packetsReceived ?? 0, packetsLost: Math.max(0, e.packetsLost ?? 0),
        }
        counters.set(e.id, now)
        const before = previous?.counters.get(e.id)
        if (previous) {
          sentBytes += counterDelta(now.bytesSent, before?.bytesSent)
          receivedBytes += counterDelta(now.bytesReceived, before?.bytesReceived)
          // A reset stream restarts both packet counters: take both deltas from the same rule.
          const reset = !!before && (now.packetsReceived < before.packetsReceived || now.packetsLost < before.packetsLost)
          receivedPackets += counterDelta(now.packetsReceived, reset ? undefined : before?.packetsReceived)
          lostPackets += counterDelta(now.packetsLost, reset ? undefined : before?.packetsLost)
        }
        if (e.type === 'inbound-rtp' && typeof e.jitter === 'number') jitters.push(e.jitter * 1000)
      }
      else if (e.type === 'remote-inbound-rtp') {
        if (typeof e.roundTripTime === 'number') rtts.push(e.roundTripTime * 1000)
        if (typeof e.jitter === 'number') jitters.push(e.jitter * 1000)
        if (typeof e.fractionLost === 'number') sentLoss = Math.max(sentLoss ?? 0, e.fractionLost * 100)
      }
      else if (e.type === 'candidate-pair' && e.state === 'succeeded' && e.nominated !== false && typeof e.currentRoundTripTime === 'number') {
        rtts.push(e.currentRoundTripTime * 1000)
      }
    }
    participants.push({
      identity: participant.identity,
      name: participant.name,
      local: participant.local,
      quality: participant.quality,
      video: largestVideo(participant.entries, participant.local ? 'outbound-rtp' : 'inbound-rtp'),
    })
  }

  const kbps = (bytes: number) => (seconds > 0 ? round1((bytes * 8) / 1000 / seconds) : 0)
  const expected = receivedPackets + lostPackets
  return {
    state: { at: sample.at, counters },
    metrics: {
      uploadKbps: kbps(sentBytes),
      downloadKbps: kbps(receivedBytes),
      rttMs: avg(rtts),
      jitterMs: avg(jitters),
      packetLossPct: !previous ? null : expected > 0 ? round1((lostPackets / expected) * 100) : 0,
      sentLossPct: sentLoss === null ? null : round1(sentLoss),
      participants,
    },
  }
}

export function emptyStats(at = Date.now()): StreamStats {
  return {
    at, bitrateUpKbps: 0, bitrateDownKbps: 0, rttMs: null, jitterMs: null, packetLossPct: null,
    fps: null, width: null, height: null, connectionQuality: 'unknown',
  }
}

/**
 * The studio's one-line view of a sample (badges, `metrics-update`): this device's connection
 * quality, the largest video sent or received, and the worse of received loss and the loss the SFU
 * reports on what is sent (a host receives little, so its own loss is the SFU's figure).
 */
export function streamStatsOf(metrics: NetworkMetrics, at: number): StreamStats {
  let video: VideoFormat | null = null
  for (const p of metrics.participants) {
    if (p.video && (!video || p.video.width * p.video.height > video.width * video.height)) video = p.video
  }
  const losses = [metrics.packetLossPct, metrics.sentLossPct].filter((v): v is number => v !== null)
  const local = metrics.participants.find(p => p.local)
  return {
    at,
    bitrateUpKbps: metrics.uploadKbps,
    bitrateDownKbps: metrics.downloadKbps,
    rttMs: metrics.rttMs,
    jitterMs: metrics.jitterMs,
    packetLossPct: losses.length ? Math.max(...losses) : null,
    fps: video?.fps ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    connectionQuality: (local?.quality ?? 'unknown') as ConnectionQualityLevel,
  }
}

/** Appends a point and drops points older than `windowMs` (the charts' last minute). */
export function pushRolling<T extends { at: number }>(series: readonly T[], point: T, windowMs: number): T[] {
  const from = point.at - windowMs
  const kept = series.filter(p => p.at > from)
  kept.push(point)
  return kept
}
