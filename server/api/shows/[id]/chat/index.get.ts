// History: the newest page (or `before=<id>` for earlier, `after=<id>` to refill after a reconnect).
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  const query = validQuery(event, chatHistoryQuerySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return readChatHistory(event, showId, query)
})
