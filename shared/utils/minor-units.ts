// Prices are integer minor units; people type and read major units ("49.90"). Exact conversions
// (strings, no floating point) used by the product form and the CSV import/export.

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  }
  catch {
    return 2
  }
}

/** 4900, "EUR" → "49.00" (exact: no floating point). */
export function toMajorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (!digits) return String(minor)
  const text = String(minor).padStart(digits + 1, '0')
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** "49.9", "EUR" → 4990; null when it is not a plain amount with at most the currency's decimals. */
export function fromMajorUnits(text: string, currency: string): number | null {
  const digits = currencyDigits(currency)
  const match = /^(\d{1,9})(?:\.(\d*))?$/.exec(text.trim())
  if (!match || (match[2]?.length ?? 0) > digits) return null
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0)
}
