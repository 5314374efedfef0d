// A reaction: summed per room and relayed as counts on the lossy topic (~every 250 ms).
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  const { kind } = await validBody(event, reactionSchema)
  return postReaction(event, showId, kind)
})
