// Host of the show / ops: removes a message for everyone (relayed as a deletion).
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  return moderateDelete(event, showId, chatIdParam(event, 'messageId'))
})
