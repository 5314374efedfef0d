// Stripe's webhook: verified with the endpoint's signing secret, then a paid Checkout Session marks
// its order paid and an expired one returns the stock. Stripe retries anything that is not 2xx.
export default defineEventHandler(async (event) => {
  const stripe = useStripeClient()
  const secret = resolveShopConfig().stripe?.webhookSecret
  if (!stripe || !secret) {
    console.error('[shop] a Stripe webhook arrived, but STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not both set')
    throw createError({ statusCode: 503, statusMessage: 'Service Unavailable', message: 'Card payment is not configured on this server.' })
  }
  const raw = await readRawBody(event, 'utf8') ?? ''
  let stripeEvent
  try {
    stripeEvent = verifyStripeWebhook(stripe, raw, getRequestHeader(event, 'stripe-signature') ?? '', secret)
  }
  catch {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The Stripe-Signature header does not match this body and the configured webhook secret.' })
  }
  const db = await requireDb()
  if (stripeEvent.type === 'checkout.session.completed' || stripeEvent.type === 'checkout.session.async_payment_succeeded') {
    const session = stripeEvent.data.object
    const orderId = session.client_reference_id ?? session.metadata?.orderId
    if (orderId && session.payment_status === 'paid' && !(await markOrderPaid(db, orderId, session.id))) {
      console.warn(`[shop] Stripe reports order ${orderId} paid, but it is no longer waiting for payment (expired or cancelled): refund or re-reserve it by hand.`)
    }
  }
  else if (stripeEvent.type === 'checkout.session.expired') {
    const orderId = stripeEvent.data.object.client_reference_id
    const released = orderId ? await releaseOrder(db, orderId, 'expired', ['pending_payment']) : null
    if (released?.saleIds.length) void syncFlashSaleState(released.showId)
  }
  return { received: true }
})
