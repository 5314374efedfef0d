// Thin on purpose: validate, price and reserve (server/utils/shop/orders.ts), then card payment when
// Stripe is configured. 201 new order, 200 the same idempotency key again, 409 sold out / sale over.
export default defineEventHandler(async (event) => {
  await rateLimit(event, 'orders', useRuntimeConfig().shop.orderRateLimit)
  const body = await validBody(event, orderRequestSchema)
  const db = await requireDb()
  const stripe = useStripeClient()
  let placed = await placeOrder(db, body, { payment: stripe ? 'stripe' : 'invoice', reservationMs: resolveShopConfig().reservationMs })
  if (placed.saleIds.length) void syncFlashSaleState(placed.showId)
  if (placed.created && stripe) placed = await startCardPayment(event, stripe, placed, body.buyer.email)
  setResponseStatus(event, placed.created ? 201 : 200)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const { orderId, number, status, total, currency, payUrl } = placed
  return { orderId, number, status, total, currency, ...(payUrl ? { payUrl } : {}) }
})
