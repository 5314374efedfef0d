// Opens the app database at start-up so its tables exist before the first request; a database
// that is down is logged, not fatal (routes answer 503 and the next request tries again).
export default defineNitroPlugin((nitroApp) => {
  useDb()
    .then(db => console.info(`[db] shows, products, orders and chat in ${db.backend}: ${db.location}`))
    .catch(error => console.error(`[db] could not open the app database: ${error instanceof Error ? error.message : error}`))
  nitroApp.hooks.hook('close', () => closeDb())
})
