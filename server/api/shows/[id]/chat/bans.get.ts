// Host of the show / ops: bans and time-outs in force.
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  await requireShowManager(event, showId, { allowOps: true })
  return { bans: await listActiveChatBans(await requireDb(), showId) }
})
