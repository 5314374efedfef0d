// Thin on purpose: validate, authorise, sign. Grants and identity live in server/utils/tokens.ts.
// Tokens exist only for shows: a host gets an admin token for their own scheduled or live show (which
// opens its room; the show goes live when the studio is on air, POST /api/shows/:id/live); a viewer
// gets one for a scheduled or live show, never for a name nobody created.
export default defineEventHandler(async (event) => {
  await rateLimit(event, 'token', useRuntimeConfig().tokenRateLimit)
  const query = validQuery(event, tokenQuerySchema)
  const livekit = requireLiveKitConfig()
  if (query.admin) {
    const { show } = await requireShowManager(event, query.room)
    if (show.status === 'ended') {
      throw createError({ statusCode: 410, statusMessage: 'Gone', message: `The show "${show.title}" has ended. Schedule it again on your Shows page to go live with it.` })
    }
    await openShowRoom(query.room)
  }
  else {
    const show = await requireShowRow(query.room)
    if (show.status === 'ended') {
      throw createError({ statusCode: 410, statusMessage: 'Gone', message: `The show "${show.title}" has ended.` })
    }
    await ensureShowRoom(show.id)
  }
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return signToken({
    apiKey: livekit.apiKey,
    apiSecret: livekit.apiSecret,
    wsUrl: livekit.wsUrl,
    room: query.room,
    displayName: query.username,
    role: query.admin ? 'host' : 'viewer',
  })
})
