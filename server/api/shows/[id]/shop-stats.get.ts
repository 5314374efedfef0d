// Conversion figures of one show for its host (or ops): per product, timeline marks, revenue per minute.
export default defineEventHandler(async (event) => {
  const showId = getRouterParam(event, 'id') ?? ''
  await requireShowManager(event, showId, { allowOps: true })
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return shopStats(await requireDb(), showId)
})
