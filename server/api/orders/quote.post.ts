// The prices the server will charge for a cart (the checkout sheet shows these, not the device's).
export default defineEventHandler(async (event) => {
  await rateLimit(event, 'orders', useRuntimeConfig().shop.orderRateLimit)
  const body = await validBody(event, orderQuoteSchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return quoteOrder(await requireDb(), body.showId, body.items)
})
