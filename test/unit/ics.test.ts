import { describe, expect, it } from 'vitest'
import { escapeIcsText, foldIcsLine, icsUtc, showCalendar } from '../../server/utils/ics'
import { formatAgo, formatCountdown } from '../../utils/relative-time'

/** RFC 5545 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '')
const property = (text: string, name: string) => unfold(text).split('\r\n').find(line => line.startsWith(`${name}:`))?.slice(name.length + 1)

describe('.ics for a scheduled show', () => {
  const show = { id: 'spring-sale', title: 'Hats, scarves; gloves\\mittens', description: 'Line one\nLine two', hostName: 'Anna', scheduledAt: '2026-12-01T19:30:00+01:00' }
  const options = { watchUrl: 'http://shop.example/watch/spring-sale', uidDomain: 'shop.example', now: new Date('2026-11-26T10:00:00Z') }

  it('has the start in UTC, a stable UID, the watch URL, and CRLF line ends', () => {
    const ics = showCalendar(show, options)
    expect(property(ics, 'DTSTART')).toBe('20261201T183000Z')
    expect(property(ics, 'DTSTAMP')).toBe('20261126T100000Z')
    expect(property(ics, 'UID')).toBe('show-spring-sale@shop.example')
    expect(property(ics, 'URL')).toBe(options.watchUrl)
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true)
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  })

  it('escapes text values so commas, semicolons, backslashes and newlines survive', () => {
    const ics = showCalendar(show, options)
    expect(property(ics, 'SUMMARY')).toBe('Hats\\, scarves\\; gloves\\\\mittens')
    expect(property(ics, 'DESCRIPTION')).toBe('Line one\\nLine two\\n\\nHosted by Anna.\\n\\nWatch live: http://shop.example/watch/spring-sale')
    expect(escapeIcsText('a\r\nb')).toBe('a\\nb')
  })

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`
    const folded = foldIcsLine(line)
    for (const piece of folded.split('\r\n')) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(75)
    expect(unfold(folded)).toBe(line)
    expect(foldIcsLine('SHORT:x')).toBe('SHORT:x')
    expect(icsUtc(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe('20270102T030405Z')
  })
})

describe('countdowns and ages', () => {
  it.each([
    [-5_000, 'any minute now'],
    [12_300, 'in 13 s'],
    [11 * 60_000 + 1, 'in 12 min'],
    [2 * 3_600_000 + 5 * 60_000, 'in 2 h 05 min'],
    [26 * 3_600_000, 'tomorrow'],
    [3 * 86_400_000, 'in 3 days'],
  ])('%i ms ahead → %s', (ms, text) => expect(formatCountdown(ms)).toBe(text))

  it.each([
    [10_000, 'just now'],
    [12 * 60_000, '12 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [30 * 3_600_000, 'yesterday'],
    [5 * 86_400_000, '5 days ago'],
  ])('%i ms ago → %s', (ms, text) => expect(formatAgo(ms)).toBe(text))
})
