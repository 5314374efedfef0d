// The public record of the show a page is about (GET /api/shows/:id: title, host, schedule, cover,
// status, lineup). The watch page loads it while rendering on the server, so the scheduled-show
// view (cover, title, countdown) is in the HTML and costs the viewer no extra round trip; parts
// deep inside the player (PlayerStage's upcoming view) read it from here instead of fetching again.
import type { InjectionKey, Ref } from 'vue'
import type { ShowDetail } from '#shared/types/catalog'

interface PageShow {
  show: Readonly<Ref<ShowDetail | null | undefined>>
  /** When this page last had the record (its render, or a later re-read): Date.now() time. */
  loadedAt: Readonly<Ref<number>>
}
const SHOW_DETAIL: InjectionKey<PageShow> = Symbol('show-detail')
/** How old the page's record may be for a part to start from it rather than ask for its own. */
export const SHOW_RECORD_FRESH_MS = 10_000

/**
 * Loads the show for this page (server-rendered; await the result) and hands it to the components
 * inside. Not async itself: provide() must run before the first await, while setup is current.
 */
export function useShowDetail(id: () => string) {
  const request = useFetch<ShowDetail>(() => `/api/shows/${encodeURIComponent(id())}`)
  const loadedAt = ref(Date.now())
  watch(request.data, () => {
    loadedAt.value = Date.now()
  })
  provide(SHOW_DETAIL, { show: request.data, loadedAt })
  return request
}

/** The page's show, or null outside a page that loaded one (the player works without it). */
export function injectShowDetail(): PageShow | null {
  return inject(SHOW_DETAIL, null)
}
