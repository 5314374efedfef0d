// A chat message: 201 { id, createdAt, message }; 403 banned / timed out / chat off; 429 slow mode.
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  const { text } = await validBody(event, chatPostSchema)
  return postChatMessage(event, showId, text)
})
