// Asks before leaving while something must not be dropped (a host who is live): the browser's own
// "Leave site?" prompt for reloads/closing, and a confirm for in-app navigation.
import type { MaybeRefOrGetter } from 'vue'

export function useLeaveGuard(active: MaybeRefOrGetter<boolean>, message: string) {
  if (import.meta.client) {
    useEventListener(window, 'beforeunload', (event: BeforeUnloadEvent) => {
      if (!toValue(active)) return
      event.preventDefault()
      event.returnValue = '' // older browsers need it set to show the prompt
    })
  }
  onBeforeRouteLeave(() => !toValue(active) || window.confirm(message))
}
