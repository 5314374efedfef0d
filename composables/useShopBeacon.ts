// Conversion events (card views, product opens, add-to-carts) queued and sent in batches with
// navigator.sendBeacon, which survives the page closing. text/plain so the beacon needs no preflight.
import type { ViewerShopEvent, ViewerShopEventType } from '#shared/types/shop'

const FLUSH_MS = 5000
const MAX_BATCH = 30

export function useShopBeacon(showId: MaybeRefOrGetter<string>) {
  const deviceId = useDeviceId()
  const queue: ViewerShopEvent[] = []

  function flush() {
    if (!queue.length || !import.meta.client) return
    const events = queue.splice(0, MAX_BATCH)
    const body = JSON.stringify({ showId: toValue(showId), deviceId: deviceId.value, events })
    const sent = typeof navigator.sendBeacon === 'function' && navigator.sendBeacon('/api/shop/events', new Blob([body], { type: 'text/plain' }))
    if (!sent) void fetch('/api/shop/events', { method: 'POST', body, headers: { 'content-type': 'text/plain' }, keepalive: true }).catch(() => {})
    if (queue.length) flush()
  }

  function track(type: ViewerShopEventType, productId: string) {
    queue.push({ type, productId, at: serverNow() })
    if (queue.length >= MAX_BATCH) flush()
  }

  if (import.meta.client) {
    useIntervalFn(flush, FLUSH_MS)
    useEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush()
    })
    useEventListener(window, 'pagehide', flush)
    tryOnScopeDispose(flush)
  }

  return { track, flush }
}
