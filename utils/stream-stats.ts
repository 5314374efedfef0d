// Pure maths over RTCStatsReport entries: bitrates from byte counters between two samples, loss
// from packet counters, RTT/jitter/fps/size from the latest entries. Kept free of livekit-client so
// it is unit-tested in node and reused by the analytics dashboard.
import type { ConnectionQualityLevel, StreamStats } from '#shared/types/stream'

/** The subset of RTCStats fields we read (all optional: browsers differ). */
export interface RtcStatLike {
  type: string
  id?: string
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

/** Running totals kept between samples (the caller stores it and passes it back). */
export interface StatsCounters {
  at: number
  bytesSent: number
  bytesReceived: number
  packetsReceived: number
  packetsLost: number
}

export function emptyStats(at = Date.now()): StreamStats {
  return {
    at, bitrateUpKbps: 0, bitrateDownKbps: 0, rttMs: null, jitterMs: null, packetLossPct: null,
    fps: null, width: null, height: null, connectionQuality: 'unknown',
  }
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Summarises the stats entries of every track (sender and receiver reports flattened into one list)
 * against the counters of the previous sample. Returns the sample and the new counters.
 */
export function summarizeStats(
  entries: RtcStatLike[],
  previous: StatsCounters | null,
  now: number,
  connectionQuality: ConnectionQualityLevel = 'unknown',
): { stats: StreamStats, counters: StatsCounters } {
  const counters: StatsCounters = { at: now, bytesSent: 0, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 }
  const rtts: number[] = []
  const jitters: number[] = []
  let remoteLoss: number | null = null
  let video: RtcStatLike | null = null

  for (const entry of entries) {
    switch (entry.type) {
      case 'outbound-rtp':
        counters.bytesSent += entry.bytesSent ?? 0
        // The biggest layer sent is what the host "is sending".
        if (entry.kind === 'video' && (entry.frameWidth ?? 0) >= (video?.frameWidth ?? 0)) video = entry
        break
      case 'inbound-rtp':
        counters.bytesReceived += entry.bytesReceived ?? 0
        counters.packetsReceived += entry.packetsReceived ?? 0
        counters.packetsLost += Math.max(0, entry.packetsLost ?? 0)
        if (typeof entry.jitter === 'number') jitters.push(entry.jitter * 1000)
        if (entry.kind === 'video' && (entry.frameWidth ?? 0) >= (video?.frameWidth ?? 0)) video = entry
        break
      case 'remote-inbound-rtp':
        // What the SFU reports back about our sent media.
        if (typeof entry.roundTripTime === 'number') rtts.push(entry.roundTripTime * 1000)
        if (typeof entry.jitter === 'number') jitters.push(entry.jitter * 1000)
        if (typeof entry.fractionLost === 'number') remoteLoss = Math.max(remoteLoss ?? 0, entry.fractionLost * 100)
        break
      case 'candidate-pair':
        if (entry.state === 'succeeded' && entry.nominated !== false && typeof entry.currentRoundTripTime === 'number') {
          rtts.push(entry.currentRoundTripTime * 1000)
        }
        break
    }
  }

  const seconds = previous ? (now - previous.at) / 1000 : 0
  const rate = (current: number, before: number | undefined) =>
    seconds > 0 && before !== undefined && current >= before ? round(((current - before) * 8) / 1000 / seconds) : 0

  let packetLossPct = remoteLoss
  if (previous && counters.packetsReceived >= previous.packetsReceived) {
    const received = counters.packetsReceived - previous.packetsReceived
    const lost = Math.max(0, counters.packetsLost - previous.packetsLost)
    if (received + lost > 0) packetLossPct = Math.max(packetLossPct ?? 0, (lost / (received + lost)) * 100)
  }
  const average = (values: number[]) => (values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null)

  return {
    counters,
    stats: {
      at: now,
      bitrateUpKbps: rate(counters.bytesSent, previous?.bytesSent),
      bitrateDownKbps: rate(counters.bytesReceived, previous?.bytesReceived),
      rttMs: average(rtts),
      jitterMs: average(jitters),
      packetLossPct: packetLossPct === null ? null : round(packetLossPct),
      fps: typeof video?.framesPerSecond === 'number' ? round(video.framesPerSecond, 0) : null,
      width: video?.frameWidth ?? null,
      height: video?.frameHeight ?? null,
      connectionQuality,
    },
  }
}
