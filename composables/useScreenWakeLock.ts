// Keeps the screen on while `active` (a phone host who is live must not go dark mid-show). Uses
// VueUse's useWakeLock, which re-acquires the lock when the page becomes visible again; browsers
// without the Wake Lock API simply do nothing.
import type { MaybeRefOrGetter } from 'vue'

export function useScreenWakeLock(active: MaybeRefOrGetter<boolean>) {
  const wakeLock = useWakeLock()
  watch(() => toValue(active), (on) => {
    if (!wakeLock.isSupported.value) return
    const change = on ? wakeLock.request('screen') : wakeLock.release()
    change.catch(() => {}) // refused (battery saver, hidden page): the show goes on regardless
  }, { immediate: true })
  return wakeLock
}
