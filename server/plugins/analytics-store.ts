// Opens the analytics store at start-up so its schema is created/migrated before the first webhook,
// and says where the data goes. A database that is down is logged, not fatal: routes answer 503
// (LiveKit retries webhooks) and the next request tries to open it again.
export default defineNitroPlugin((nitroApp) => {
  useAnalyticsStore()
    .then(store => console.info(`[analytics] storing LiveKit webhooks in ${store.backend}: ${store.location}`))
    .catch(error => console.error(`[analytics] could not open the analytics store: ${error instanceof Error ? error.message : error}`))
  nitroApp.hooks.hook('close', () => closeAnalyticsStore())
})
