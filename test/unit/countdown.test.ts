import { describe, expect, it } from 'vitest'
import { describeCountdown, formatCountdownClock, fromLocalInput, toLocalInput } from '../../utils/countdown'

const start = Date.parse('2030-03-01T18:00:00Z')
const before = (seconds: number) => start - seconds * 1000

describe('formatCountdownClock', () => {
  it.each([
    [3 * 86_400 + 5 * 3600 + 59, '3 d 5 h'],
    [2 * 3600 + 5 * 60 + 7, '2 h 05 min'],
    [4 * 60 + 5, '4 min 05 s'],
    [12, '12 s'],
    [0.2, '1 s'],
  ])('%s s before the start reads "%s"', (seconds, text) => {
    expect(formatCountdownClock(start, before(seconds))).toBe(text)
  })

  it('is null at and after the start (the page says "Starting any moment")', () => {
    expect(formatCountdownClock(start, start)).toBeNull()
    expect(formatCountdownClock(start, start + 60_000)).toBeNull()
    expect(formatCountdownClock(Number.NaN, start)).toBeNull()
  })
})

describe('describeCountdown', () => {
  it('speaks in whole units, singular when one', () => {
    expect(describeCountdown(start, before(2 * 86_400))).toBe('2 days')
    expect(describeCountdown(start, before(3600))).toBe('1 hour')
    expect(describeCountdown(start, before(20))).toBe('1 minute')
    expect(describeCountdown(start, before(10 * 60))).toBe('10 minutes')
    expect(describeCountdown(start, start)).toBeNull()
  })
})

describe('datetime-local conversion', () => {
  it('round-trips through the local input value', () => {
    const iso = '2030-03-01T18:30:00.000Z'
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso)
  })

  it('maps empty to null and nonsense to undefined', () => {
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('tomorrow')).toBeUndefined()
    expect(toLocalInput(null)).toBe('')
    expect(toLocalInput('nope')).toBe('')
  })
})
