// The ticking countdown of a scheduled show's page ("Starts in 4 min 05 s": seconds in the last hour;
// utils/relative-time.ts has the calmer card wording, "in 5 min"). Pure, so it is unit-tested; the
// ticking clock is useCountdown's.

/** Time left until `startMs` at `nowMs`, as a person reads it; null once the start has passed. */
export function formatCountdownClock(startMs: number, nowMs: number): string | null {
  const left = Math.ceil((startMs - nowMs) / 1000)
  if (!(left > 0)) return null
  const days = Math.floor(left / 86_400)
  const hours = Math.floor((left % 86_400) / 3600)
  const minutes = Math.floor((left % 3600) / 60)
  const seconds = left % 60
  const two = (n: number) => String(n).padStart(2, '0')
  // Seconds matter only in the last hour; days make minutes noise.
  if (days) return `${days} d ${hours} h`
  if (hours) return `${hours} h ${two(minutes)} min`
  if (minutes) return `${minutes} min ${two(seconds)} s`
  return `${seconds} s`
}

/** The same span for screen readers, coarse on purpose (it is announced only when asked). */
export function describeCountdown(startMs: number, nowMs: number): string | null {
  const left = Math.ceil((startMs - nowMs) / 1000)
  if (!(left > 0)) return null
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (left >= 86_400) return plural(Math.round(left / 86_400), 'day')
  if (left >= 3600) return plural(Math.round(left / 3600), 'hour')
  return plural(Math.max(1, Math.round(left / 60)), 'minute')
}

/** An ISO date and time → the value of an `<input type="datetime-local">` in the browser's zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`
}

/** A `datetime-local` value (browser's zone) → ISO 8601 UTC; '' → null; undefined when unreadable. */
export function fromLocalInput(value: string): string | null | undefined {
  if (!value.trim()) return null
  const ms = new Date(value).getTime()
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}
