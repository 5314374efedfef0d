// Host of the show / ops: the moderation log (who deleted, banned, pinned, changed settings).
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  await requireShowManager(event, showId, { allowOps: true })
  return { entries: await listChatModeration(await requireDb(), showId) }
})
