// Countdowns and "ended … ago" as words, from a duration alone: the same text on the server and
// in the browser whatever their time zones (no hydration mismatch); dates in the viewer's own
// time zone are added only once the page runs in the browser.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Time until a start: "in 45 s", "in 12 min", "in 2 h 05 min", "in 3 days"; "any minute now" once due. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'any minute now'
  if (ms < MINUTE) return `in ${Math.ceil(ms / 1000)} s`
  if (ms < HOUR) return `in ${Math.ceil(ms / MINUTE)} min`
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR)
    const minutes = Math.floor((ms % HOUR) / MINUTE)
    return `in ${hours} h ${String(minutes).padStart(2, '0')} min`
  }
  const days = Math.round(ms / DAY)
  return days === 1 ? 'tomorrow' : `in ${days} days`
}

/** Time since an end: "just now", "12 min ago", "3 h ago", "2 days ago". */
export function formatAgo(ms: number): string {
  if (ms < MINUTE) return 'just now'
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`
  const days = Math.floor(ms / DAY)
  return days === 1 ? 'yesterday' : `${days} days ago`
}
