// Watches LiveKit's health check (GET /, not a RoomService call) every 2 s; when it answers again
// after failing, the rooms of live shows are reopened (see reopenLiveShowRooms).
export default defineNitroPlugin((nitroApp) => {
  if ('missing' in resolveLiveKitConfig()) return
  let down = false
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    ;(async () => {
      if (!await liveKitAnswers()) {
        down = true
        return
      }
      if (down) {
        const reopened = await reopenLiveShowRooms() // throws → still "down": tried again next tick
        if (reopened) console.info(`[shows] LiveKit is back: reopened the rooms of ${reopened} live show(s)`)
      }
      down = false
    })()
      .catch(error => console.warn(`[shows] reopening rooms failed, next try in 2 s: ${error instanceof Error ? error.message : error}`))
      .finally(() => { running = false })
  }, 2_000)
  timer.unref()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
