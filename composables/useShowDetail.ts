// The public record of the show a page is about (GET /api/shows/:id: title, host, schedule, cover,
// status, lineup). The watch page loads it while rendering on the server, so the scheduled-show
// view (cover, title, countdown) is in the HTML and costs the viewer no extra round trip; parts
// deep inside the player (PlayerStage's upcoming view) read it from here instead of fetching again.
import type { InjectionKey, Ref } from 'vue'
import type { ShowDetail } from '#shared/types/catalog'

const SHOW_DETAIL: InjectionKey<Readonly<Ref<ShowDetail | null | undefined>>> = Symbol('show-detail')

/**
 * Loads the show for this page (server-rendered; await the result) and hands it to the components
 * inside. Not async itself: provide() must run before the first await, while setup is current.
 */
export function useShowDetail(id: () => string) {
  const request = useFetch<ShowDetail>(() => `/api/shows/${encodeURIComponent(id())}`)
  provide(SHOW_DETAIL, request.data)
  return request
}

/** The page's show, or null outside a page that loaded one (the player works without it). */
export function injectShowDetail(): Readonly<Ref<ShowDetail | null | undefined>> | null {
  return inject(SHOW_DETAIL, null)
}
