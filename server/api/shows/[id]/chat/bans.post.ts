// Host of the show / ops: `minutes` → time-out, without → banned for the rest of the show.
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  const { chatterId, minutes } = await validBody(event, chatBanSchema)
  setResponseStatus(event, 201)
  return moderateBan(event, showId, chatterId, minutes)
})
