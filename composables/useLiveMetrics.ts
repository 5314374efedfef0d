// LiveKitAnalytics' data: once a second the network figures of the connected Room (if this device
// is in the show) from useStreamStats, and every 5 s the server's figures for the show
// (/api/analytics/live: LiveKit's counts + peak/joins/leaves from stored webhooks). Everything is
// held in shallowRefs that the component's parts read separately, so a tick re-renders only them.
// Given the studio's sampler it only reads that sampler's figures (the Room's stats are sampled
// once, in one place); without one it drives its own on this tick.
// livekit-client is only a type here: the ops page never loads it.
import type { ShallowRef } from 'vue'
import type { Room } from 'livekit-client'
import type { LiveRoomSummary, LiveRoomsResponse } from '#shared/types/analytics'
import type { NetworkMetrics } from '~/utils/live-metrics'
import type { StreamStatsSampler } from '~/composables/useStreamStats'

export interface AudienceMetrics {
  viewers: number
  peakViewers: number
  joins: number
  leaves: number
  isRecording: boolean
  uptimeSeconds: number
  live: boolean
}

export interface LiveMetricsPoint {
  at: number
  uploadKbps: number
  downloadKbps: number
  viewers: number
}

/** The plain snapshot emitted as `metrics-update` every second. */
export interface LiveMetricsSnapshot {
  roomName: string
  at: number
  audience: AudienceMetrics
  network: NetworkMetrics | null
}

export const ROLLING_WINDOW_MS = 60_000

export interface LiveMetricsOptions {
  serverFigures?: MaybeRefOrGetter<boolean>
  /** A sampler of the same Room that already runs (the studio's): read, never sampled again here. */
  streamStats?: StreamStatsSampler | null
}

export function useLiveMetrics(roomName: MaybeRefOrGetter<string>, room: MaybeRefOrGetter<Room | null | undefined>, options: LiveMetricsOptions = {}) {
  const audience = shallowRef<AudienceMetrics>({ viewers: 0, peakViewers: 0, joins: 0, leaves: 0, isRecording: false, uptimeSeconds: 0, live: false })
  const ownSampler = options.streamStats ? null : useStreamStats(room, { intervalMs: 0 })
  const network: ShallowRef<NetworkMetrics | null> = (options.streamStats ?? ownSampler!).network
  const series = shallowRef<LiveMetricsPoint[]>([])
  const serverError = ref('')
  let server: { summary: LiveRoomSummary | null, at: number } | null = null
  let observedPeak = 0

  async function fetchServerFigures() {
    if (!toValue(options.serverFigures ?? true)) return
    try {
      const answer = await $fetch<LiveRoomsResponse>('/api/analytics/live', { query: { room: toValue(roomName) } })
      server = { summary: answer.rooms.find(r => r.room === toValue(roomName)) ?? null, at: Date.now() }
      serverError.value = ''
    }
    catch (error) {
      serverError.value = (error as { data?: { message?: string } }).data?.message ?? 'Could not load the show\'s figures.'
    }
  }

  /** Takes one sample (the 1 s tick calls it; tests call it with their own clock). */
  async function sample(at = Date.now()): Promise<LiveMetricsSnapshot> {
    await ownSampler?.sample(at)
    const current = toValue(room)
    const connected = !!current && String(current.state) === 'connected'

    const summary = server?.summary ?? null
    // Viewers now: the Room's own counts when connected (fresher), else the server's.
    const viewers = connected ? viewersOf(current) : (summary?.viewers ?? 0)
    observedPeak = Math.max(observedPeak, viewers)
    const sinceFetch = server ? Math.round((Date.now() - server.at) / 1000) : 0
    const next: AudienceMetrics = {
      viewers,
      peakViewers: Math.max(observedPeak, summary?.peakViewers ?? 0),
      joins: summary?.joins ?? 0,
      leaves: summary?.leaves ?? 0,
      isRecording: connected && current.isRecording ? true : (summary?.isRecording ?? false),
      uptimeSeconds: summary ? summary.uptimeSeconds + sinceFetch : 0,
      live: connected || !!summary,
    }
    // A new object only when a figure changed: the audience part re-renders only then.
    const before = audience.value
    if ((Object.keys(next) as Array<keyof AudienceMetrics>).some(key => next[key] !== before[key])) audience.value = next
    series.value = pushRolling(series.value, {
      at, uploadKbps: network.value?.uploadKbps ?? 0, downloadKbps: network.value?.downloadKbps ?? 0, viewers,
    }, ROLLING_WINDOW_MS)
    return { roomName: toValue(roomName), at, audience: audience.value, network: network.value }
  }

  // A different room starts over (the sampler restarts its own counters).
  watch(() => [toValue(roomName), toValue(room)], () => {
    observedPeak = 0
    series.value = []
    server = null
    void fetchServerFigures()
  })

  return { audience, network, series, serverError, sample, fetchServerFigures }
}
