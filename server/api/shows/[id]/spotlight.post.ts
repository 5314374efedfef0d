// The host puts 0–3 products on every viewer's screen (live state → room metadata).
export default defineEventHandler(async (event) => {
  const showId = getRouterParam(event, 'id') ?? ''
  await requireShowManager(event, showId)
  const { productIds } = await validBody(event, spotlightSchema)
  const state = await setShowSpotlight(showId, productIds)
  return { spotlight: state.spotlight, version: state.version }
})
