// One show as an iCalendar file (RFC 5545), for "Add to calendar" on the home page. Pure: no Nitro
// imports, unit-tested. Text values are escaped (\\ ; , and newlines) and long lines folded at 75
// octets without splitting a UTF-8 character, as the RFC requires; calendars reject files that do not.

export interface CalendarShow {
  id: string
  title: string
  description: string
  hostName: string
  /** ISO 8601. */
  scheduledAt: string
}

export interface CalendarOptions {
  /** The watch page's absolute URL. */
  watchUrl: string
  /** Host name for the UID (stable per show and site, so a second download updates the event). */
  uidDomain: string
  now?: Date
  /** The event's length; a show has no planned end, an hour is what calendars show. */
  durationMinutes?: number
}

/** RFC 5545 TEXT escaping. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/** 2026-12-01T18:00:00.000Z → 20261201T180000Z (UTC, the form every calendar reads). */
export function icsUtc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

const encoder = new TextEncoder()

/** Splits a content line into ≤ 75-octet pieces, continuation lines starting with a space. */
export function foldIcsLine(line: string): string {
  const pieces: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    // The first line holds 75 octets; continuations hold 74 after their leading space.
    const limit = pieces.length ? 74 : 75
    if (octets + size > limit) {
      pieces.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  pieces.push(current)
  return pieces.join('\r\n ')
}

export function showCalendar(show: CalendarShow, options: CalendarOptions): string {
  const start = new Date(show.scheduledAt)
  const details = [show.description.trim(), `Hosted by ${show.hostName}.`, `Watch live: ${options.watchUrl}`].filter(Boolean).join('\n\n')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//LiveShop//Live shows//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:show-${show.id}@${options.uidDomain}`,
    `DTSTAMP:${icsUtc(options.now ?? new Date())}`,
    `DTSTART:${icsUtc(start)}`,
    `DURATION:PT${options.durationMinutes ?? 60}M`,
    `SUMMARY:${escapeIcsText(show.title)}`,
    `DESCRIPTION:${escapeIcsText(details)}`,
    `URL:${options.watchUrl}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`
}
