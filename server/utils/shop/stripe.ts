// Card payment through Stripe Checkout (the official `stripe` package), used only when a secret key
// is configured. An order becomes a Checkout Session (prices from our database, never the client);
// the signed checkout.session.completed webhook marks it paid; an unpaid reservation is expired on
// our clock (Stripe sessions live ≥ 30 min, our reservations 15 min by default).
import Stripe from 'stripe'
import type { QuoteLine } from '../../../shared/types/shop'

export interface StripeSettings {
  secretKey: string
  webhookSecret: string
  /** Another API base (stripe-mock in tests), e.g. http://127.0.0.1:12111; '' = api.stripe.com. */
  apiBase: string
}

export function createStripeClient(settings: StripeSettings): Stripe {
  const base = settings.apiBase ? new URL(settings.apiBase) : null
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  })
}

export interface CheckoutOrder {
  orderId: string
  number: string
  email: string
  currency: string
  lines: QuoteLine[]
}

/** The Checkout Session for an order; `returnUrl` gets `?order=<number>&paid=1|0`. */
export async function createCheckoutSession(stripe: Stripe, order: CheckoutOrder, returnUrl: string, now = Date.now()) {
  const back = (paid: boolean) => {
    const url = new URL(returnUrl)
    url.searchParams.set('order', order.number)
    url.searchParams.set('paid', paid ? '1' : '0')
    return url.toString()
  }
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    client_reference_id: order.orderId,
    customer_email: order.email,
    metadata: { orderId: order.orderId, orderNumber: order.number },
    line_items: order.lines.map(line => ({
      quantity: line.quantity,
      price_data: {
        currency: order.currency.toLowerCase(),
        unit_amount: line.unitPrice,
        product_data: { name: line.variantName ? `${line.title} (${line.variantName})` : line.title },
      },
    })),
    success_url: back(true),
    cancel_url: back(false),
    // Stripe's minimum; our own reservation ends sooner and expires the session itself.
    expires_at: Math.floor(now / 1000) + 31 * 60,
  }, { idempotencyKey: `checkout-${order.orderId}` })
  if (!session.url) throw new Error('Stripe answered a Checkout Session without a URL')
  return { id: session.id, url: session.url }
}

/** Verifies and parses a webhook; throws when the signature is wrong or too old. */
export function verifyStripeWebhook(stripe: Stripe, rawBody: string, signature: string, secret: string): Stripe.Event {
  return stripe.webhooks.constructEvent(rawBody, signature, secret)
}
