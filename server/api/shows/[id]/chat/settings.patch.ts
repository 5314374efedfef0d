// Host of the show / ops: chat on/off and slow mode (0–60 s), published in the room metadata.
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  const change = await validBody(event, chatSettingsSchema)
  return moderateSettings(event, showId, change)
})
