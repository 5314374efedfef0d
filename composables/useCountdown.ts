// A ticking countdown to a show's start (once a second), for the scheduled-show page. `past` turns
// true when the start time has come: the page then says "Starting any moment" and keeps waiting
// for the host's video, which is what actually starts playback.
import type { MaybeRefOrGetter } from 'vue'

export function useCountdown(startsAt: MaybeRefOrGetter<string | null | undefined>) {
  const now = useNow({ interval: 1000 })
  const startMs = computed(() => {
    const value = toValue(startsAt)
    const ms = value ? Date.parse(value) : Number.NaN
    return Number.isNaN(ms) ? null : ms
  })
  const text = computed(() => (startMs.value === null ? null : formatCountdownClock(startMs.value, now.value.getTime())))
  const spoken = computed(() => (startMs.value === null ? null : describeCountdown(startMs.value, now.value.getTime())))
  const past = computed(() => startMs.value !== null && text.value === null)
  return { text, spoken, past, startMs }
}
