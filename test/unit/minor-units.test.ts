import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromMajorUnits, toMajorUnits } from '../../shared/utils/minor-units'

describe('major ↔ minor units', () => {
  it('converts exactly, per the currency\'s decimals', () => {
    expect(toMajorUnits(4900, 'EUR')).toBe('49.00')
    expect(toMajorUnits(5, 'EUR')).toBe('0.05')
    expect(toMajorUnits(1200, 'JPY')).toBe('1200')
    expect(toMajorUnits(1234, 'KWD')).toBe('1.234')
    expect(fromMajorUnits('49.9', 'EUR')).toBe(4990)
    expect(fromMajorUnits('0.29', 'EUR')).toBe(29) // 0.29 * 100 is 28.999… in floating point
    expect(fromMajorUnits('1200', 'JPY')).toBe(1200)
    expect(fromMajorUnits('12.', 'EUR')).toBe(1200)
  })

  it.each(['', '-1', '1,50', '1.999', '1e3', 'abc', '12.5.0', ' ', '1.5'])('refuses "%s" where it is not an amount of the currency', (text) => {
    expect(fromMajorUnits(text, text === '1.5' ? 'JPY' : 'EUR')).toBeNull()
  })

  it('round-trips every amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom('EUR', 'JPY', 'KWD', 'USD'), (minor, currency) =>
      fromMajorUnits(toMajorUnits(minor, currency), currency) === minor))
  })
})
