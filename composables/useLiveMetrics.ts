// LiveKitAnalytics' data: once a second the WebRTC stats of the connected Room (if this device is
// in the show) folded by utils/live-metrics, and every 5 s the server's figures for the show
// (/api/analytics/live: LiveKit's counts + peak/joins/leaves from stored webhooks). Everything is
// held in shallowRefs that the component's parts read separately, so a tick re-renders only them.
// livekit-client is only a type here: the ops page never loads it.
import type { Room, Participant } from 'livekit-client'
import type { LiveRoomSummary, LiveRoomsResponse } from '#shared/types/analytics'
import type { NetworkMetrics, NetworkState, ParticipantStatsInput, RtcStatsEntry } from '~/utils/live-metrics'

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

async function participantStats(participant: Participant, local: boolean): Promise<ParticipantStatsInput> {
  const entries: RtcStatsEntry[] = []
  const reports = await Promise.all([...participant.trackPublications.values()]
    .map(publication => publication.track?.getRTCStatsReport().catch(() => undefined)))
  for (const report of reports) report?.forEach(entry => entries.push(entry as RtcStatsEntry))
  return { identity: participant.identity, name: participant.name || participant.identity, local, quality: String(participant.connectionQuality ?? 'unknown'), entries }
}

export function useLiveMetrics(roomName: MaybeRefOrGetter<string>, room: MaybeRefOrGetter<Room | null | undefined>, options: { serverFigures?: MaybeRefOrGetter<boolean> } = {}) {
  const audience = shallowRef<AudienceMetrics>({ viewers: 0, peakViewers: 0, joins: 0, leaves: 0, isRecording: false, uptimeSeconds: 0, live: false })
  const network = shallowRef<NetworkMetrics | null>(null)
  const series = shallowRef<LiveMetricsPoint[]>([])
  const serverError = ref('')
  let networkState: NetworkState | null = null
  let server: { summary: LiveRoomSummary | null, at: number } | null = null
  let observedPeak = 0
  let sampling = false

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
    const current = toValue(room)
    const connected = !!current && String(current.state) === 'connected'
    if (connected && !sampling) {
      sampling = true
      try {
        const participants = await Promise.all([
          participantStats(current.localParticipant, true),
          ...[...current.remoteParticipants.values()].map(p => participantStats(p, false)),
        ])
        const result = reduceNetwork(networkState, { at, participants })
        networkState = result.state
        network.value = result.metrics
      }
      finally {
        sampling = false
      }
    }
    else if (!connected) {
      networkState = null
      network.value = null
    }

    const summary = server?.summary ?? null
    // Viewers now: the Room's own counts when connected (fresher), else the server's.
    const viewers = connected ? Math.max(0, current.numParticipants - current.numPublishers) : (summary?.viewers ?? 0)
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

  // A different room starts over.
  watch(() => [toValue(roomName), toValue(room)], () => {
    networkState = null
    observedPeak = 0
    series.value = []
    server = null
    void fetchServerFigures()
  })

  return { audience, network, series, serverError, sample, fetchServerFigures }
}
