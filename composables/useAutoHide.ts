// Controls over a full-screen video that get out of the way: shown on a tap, hidden again after
// `delay` ms without a touch, click or key press inside them. While `active` is false (e.g. before
// going live, or while a menu is open) they stay shown. Timers via VueUse's useTimeoutFn.
import type { MaybeRefOrGetter } from 'vue'

export interface AutoHideOptions {
  /** ms of no interaction before hiding. */
  delay?: number
  /** Hiding is allowed (default always). */
  active?: MaybeRefOrGetter<boolean>
}

export const AUTO_HIDE_DELAY = 4000

export function useAutoHide(options: AutoHideOptions = {}) {
  const { delay = AUTO_HIDE_DELAY, active = true } = options
  const visible = ref(true)
  const timer = useTimeoutFn(() => {
    if (toValue(active)) visible.value = false
  }, delay, { immediate: false })

  /** Shows the controls and starts the countdown again (any interaction with them). */
  function show() {
    visible.value = true
    timer.stop()
    if (toValue(active)) timer.start()
  }

  function hide() {
    if (!toValue(active)) return
    timer.stop()
    visible.value = false
  }

  /** A tap on the video: hidden controls come back, shown ones go away. */
  function toggle() {
    if (visible.value) hide()
    else show()
  }

  watch(() => toValue(active), show, { immediate: true })

  return { visible: readonly(visible), show, hide, toggle }
}
