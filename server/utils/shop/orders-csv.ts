// The orders page as CSV. Cells a spreadsheet would run as a formula (=, +, -, @) are escaped:
// buyer names and addresses come from the public.
import Papa from 'papaparse'
import type { OrderRecord } from '../../../shared/types/shop'
import { minorDigits } from '../../../shared/utils/money'

const decimal = (minor: number, currency: string) => (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency))

export function ordersToCsv(orders: OrderRecord[]): string {
  return Papa.unparse(orders.map(order => ({
    number: order.number,
    created: order.createdAt,
    show: order.showTitle,
    status: order.status,
    buyer: order.buyerName,
    email: order.buyerEmail,
    address: order.buyerAddress
      ? [order.buyerAddress.line1, order.buyerAddress.line2, `${order.buyerAddress.postalCode} ${order.buyerAddress.city}`, order.buyerAddress.country].filter(Boolean).join(', ')
      : 'pickup',
    items: order.items.map(item => `${item.quantity} × ${item.title}${item.variantName ? ` (${item.variantName})` : ''} @ ${decimal(item.unitPrice, order.currency)}`).join('; '),
    total: decimal(order.total, order.currency),
    currency: order.currency,
    payment: order.payment,
  })), { escapeFormulae: true, newline: '\r\n' })
}
