// Connects the rate limits' Redis client at start-up, not at the first limited request: until it
// is ready, counts fall back to this instance's memory (see utils/rate-limit.ts).
export default defineNitroPlugin((nitroApp) => {
  if (!sharedRedis()) return
  nitroApp.hooks.hook('close', () => closeSharedRedis())
})
