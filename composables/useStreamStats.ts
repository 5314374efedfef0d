// WebRTC statistics of one Room, sampled once a second from livekit-client's per-track stats
// (getRTCStatsReport on local and subscribed tracks) plus the local connection quality.
// The host sees what it sends, a viewer what it receives; the analytics dashboard reuses this.
import type { Room } from 'livekit-client'
import type { Ref } from 'vue'
import type { ConnectionQualityLevel, StreamStats } from '#shared/types/stream'

export interface UseStreamStatsOptions {
  /** Sampling period (ms). */
  intervalMs?: number
  /** Samples kept in `history` (e.g. for charts); 0 keeps none. */
  historySize?: number
}

export function useStreamStats(room: Ref<Room | null>, options: UseStreamStatsOptions = {}) {
  const { intervalMs = 1000, historySize = 0 } = options
  const stats = shallowRef<StreamStats>(emptyStats())
  const history = shallowRef<StreamStats[]>([])
  let counters: StatsCounters | null = null
  let sampling = false

  async function sample() {
    const current = room.value
    if (!current || current.state !== 'connected' || sampling) return
    sampling = true
    try {
      const tracks = [
        ...[...current.localParticipant.trackPublications.values()].map(p => p.track),
        ...[...current.remoteParticipants.values()].flatMap(p => [...p.trackPublications.values()].map(pub => pub.track)),
      ].filter(track => !!track)
      const reports = await Promise.all(tracks.map(track => track!.getRTCStatsReport().catch(() => undefined)))
      const entries: RtcStatLike[] = []
      for (const report of reports) report?.forEach(entry => entries.push(entry as RtcStatLike))
      const quality = (current.localParticipant.connectionQuality ?? 'unknown') as ConnectionQualityLevel
      const result = summarizeStats(entries, counters, Date.now(), quality)
      counters = result.counters
      stats.value = result.stats
      if (historySize > 0) history.value = [...history.value.slice(-(historySize - 1)), result.stats]
    }
    finally {
      sampling = false
    }
  }

  // A new Room starts new counters (byte totals restart at zero).
  watch(room, () => {
    counters = null
    stats.value = emptyStats()
  })

  const { pause, resume, isActive } = useIntervalFn(sample, intervalMs, { immediate: import.meta.client })
  return { stats, history, pause, resume, isActive, sample }
}
