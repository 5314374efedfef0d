// Prices are integer minor units with an ISO 4217 currency; this is the one way they become text.
const formatters = new Map<string, Intl.NumberFormat>()

/** 1999, "EUR" → "€19.99" (in the runtime's locale, en by default). */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const key = `${locale}:${currency}`
  let formatter = formatters.get(key)
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: 'currency', currency })
    }
    catch {
      return `${(minor / 100).toFixed(2)} ${currency}`
    }
    formatters.set(key, formatter)
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2
  return formatter.format(minor / 10 ** digits)
}

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  }
  catch {
    return 2
  }
}
