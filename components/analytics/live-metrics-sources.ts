// The shallowRefs LiveKitAnalytics hands to its parts inside one non-reactive object: a part reads
// `.value` in its own render, so a 1 s tick re-renders that part only, never the whole component.
import type { ShallowRef } from 'vue'
import type { AudienceMetrics, LiveMetricsPoint } from '~/composables/useLiveMetrics'
import type { NetworkMetrics } from '~/utils/live-metrics'

export interface LiveMetricsSources {
  audience: ShallowRef<AudienceMetrics>
  network: ShallowRef<NetworkMetrics | null>
  series: ShallowRef<LiveMetricsPoint[]>
}
