// Every 15 s: unpaid card reservations past their time give their stock back, and flash sales that
// ended on their own leave every card (each instance sweeps; the conditional updates make it safe).
const SWEEP_MS = 15_000

export default defineNitroPlugin((nitroApp) => {
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await expireDueReservations()
      await clearEndedSales()
    }
    catch (error) {
      console.warn(`[shop] sweep failed: ${error instanceof Error ? error.message : error}`)
    }
    finally {
      running = false
    }
  }, SWEEP_MS)
  timer.unref()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
