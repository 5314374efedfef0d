// Thin on purpose: validate, authorise, sign. Grants and identity live in server/utils/tokens.ts.
export default defineEventHandler(async (event) => {
  await rateLimit(event, 'token', useRuntimeConfig().tokenRateLimit)
  const query = validQuery(event, tokenQuerySchema)
  if (query.admin) await requireHost(event)
  const livekit = requireLiveKitConfig()
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
