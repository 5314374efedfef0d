// Host of the show / ops: lifts a ban or time-out.
export default defineEventHandler(async (event) => {
  const showId = chatShowIdParam(event)
  return moderateUnban(event, showId, chatIdParam(event, 'chatterId'))
})
