// A show's conversion figures for the analytics page and the studio (GET /api/shows/:id/shop-stats).
// A room that was never a show record answers 404: then there is simply nothing to show.
import type { ShopStats } from '#shared/types/shop'
import type { ChartMark } from '~/components/analytics/AnalyticsChart.client.vue'

export function useShopStats(showId: MaybeRefOrGetter<string | null>, refreshMs = 15_000) {
  const url = computed(() => toValue(showId) ? `/api/shows/${encodeURIComponent(toValue(showId)!)}/shop-stats` : null)
  const data = ref<ShopStats | null>(null)
  async function refresh() {
    if (!url.value) return
    try {
      data.value = await $fetch<ShopStats>(url.value)
    }
    catch {
      // not a show, or not reachable right now: keep what we had
    }
  }
  watch(url, () => void refresh(), { immediate: import.meta.client })
  if (import.meta.client) useIntervalFn(refresh, refreshMs)
  return { data, refresh }
}

const MARK_COLORS: Record<ShopStats['timeline'][number]['type'], string> = { spotlight: '#2ecc71', sale_start: '#f5a623', sale_end: '#a6afc6' }

/** Spotlights and flash sales as vertical lines on a time chart (x in unix seconds). */
export function shopTimelineMarks(stats: ShopStats | null): ChartMark[] {
  return (stats?.timeline ?? []).map(mark => ({ x: mark.at / 1000, label: mark.label, color: MARK_COLORS[mark.type] }))
}
