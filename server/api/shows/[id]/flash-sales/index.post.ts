// The host starts a flash sale: every card shows its price, units left and countdown.
export default defineEventHandler(async (event) => {
  const showId = getRouterParam(event, 'id') ?? ''
  await requireShowManager(event, showId)
  const body = await validBody(event, flashSaleSchema)
  const sale = await createFlashSale(await requireDb(), showId, body)
  await syncFlashSaleState(showId)
  scheduleSaleEnd(showId, sale.ends_at)
  setResponseStatus(event, 201)
  return { id: sale.id, endsAt: sale.ends_at, flashSale: toFlashSaleState(sale) }
})
