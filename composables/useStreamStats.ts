// The one place a Room's WebRTC statistics are sampled: every participant's per-track
// getRTCStatsReport plus connection quality, folded by utils/live-metrics (the one stats maths
// module). `network` is the per-participant view LiveKitAnalytics shows; `stats` is the studio's
// one-line view (connection badge, `metrics-update`). The studio creates one sampler in its
// broadcast session and hands it to LiveKitAnalytics, so the Stats tab reads the same sample
// instead of asking the browser for the stats a second time.
// livekit-client is only a type here: pages without a Room never load it.
import type { Participant, Room } from 'livekit-client'
import type { StreamStats } from '#shared/types/stream'
import type { NetworkMetrics, NetworkState, ParticipantStatsInput, RtcStatsEntry } from '~/utils/live-metrics'

export interface UseStreamStatsOptions {
  /** Sampling period (ms); 0 starts no timer (the caller calls `sample`, e.g. on its own tick). */
  intervalMs?: number
}

async function participantStats(participant: Participant, local: boolean): Promise<ParticipantStatsInput> {
  const entries: RtcStatsEntry[] = []
  const reports = await Promise.all([...participant.trackPublications.values()]
    .map(publication => publication.track?.getRTCStatsReport().catch(() => undefined)))
  for (const report of reports) report?.forEach(entry => entries.push(entry as RtcStatsEntry))
  return { identity: participant.identity, name: participant.name || participant.identity, local, quality: String(participant.connectionQuality ?? 'unknown'), entries }
}

export function useStreamStats(room: MaybeRefOrGetter<Room | null | undefined>, options: UseStreamStatsOptions = {}) {
  const { intervalMs = 1000 } = options
  const network = shallowRef<NetworkMetrics | null>(null)
  const stats = shallowRef<StreamStats>(emptyStats())
  let state: NetworkState | null = null
  let sampling = false

  function reset() {
    state = null
    network.value = null
    stats.value = emptyStats()
  }

  /** Takes one sample (the timer calls it; tests and LiveKitAnalytics may pass their own clock). */
  async function sample(at = Date.now()) {
    const current = toValue(room)
    if (!current || String(current.state) !== 'connected') {
      // Counters restart with the next connection; reset once, not on every idle tick.
      if (state || network.value) reset()
      return
    }
    if (sampling) return
    sampling = true
    try {
      const participants = await Promise.all([
        participantStats(current.localParticipant, true),
        ...[...current.remoteParticipants.values()].map(p => participantStats(p, false)),
      ])
      const result = reduceNetwork(state, { at, participants })
      state = result.state
      network.value = result.metrics
      stats.value = streamStatsOf(result.metrics, at)
    }
    finally {
      sampling = false
    }
  }

  // A new Room starts new counters (byte totals restart at zero).
  watch(() => toValue(room), reset)

  const timer = intervalMs > 0 ? useIntervalFn(sample, intervalMs, { immediate: import.meta.client }) : null
  return { network, stats, sample, pause: () => timer?.pause(), resume: () => timer?.resume() }
}

export type StreamStatsSampler = ReturnType<typeof useStreamStats>
