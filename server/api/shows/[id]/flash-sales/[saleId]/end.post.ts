// The host ends a flash sale early; orders at the sale price are refused from now on.
export default defineEventHandler(async (event) => {
  const showId = getRouterParam(event, 'id') ?? ''
  await requireShowManager(event, showId)
  const sale = await endFlashSale(await requireDb(), showId, getRouterParam(event, 'saleId') ?? '')
  await syncFlashSaleState(showId)
  return { id: sale.id, endedAt: sale.ended_at }
})
