// Every 5 s: reopen the rooms of live shows that LiveKit lost (see keepLiveShowRooms). Quiet while
// LiveKit is unreachable or not configured; one instance or many (createRoom is idempotent). The
// room list comes from the same 1 s cache as the home page's, so it adds at most 0.2 calls/s.
export default defineNitroPlugin((nitroApp) => {
  if ('missing' in resolveLiveKitConfig()) return
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    keepLiveShowRooms()
      .catch(() => {}) // LiveKit or the database down: the next tick tries again
      .finally(() => { running = false })
  }, 5_000)
  timer.unref()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
