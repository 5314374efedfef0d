// Host of the show / ops: pins a message (or unpins with null); viewers see it from room metadata.
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  const { messageId } = await validBody(event, chatPinSchema)
  return moderatePin(event, showId, messageId)
})
