// HTML pages and JSON answers leave compressed when the client accepts br/gzip (server/utils/compression.ts).
// Registered after the modules' plugins, so it sees the body they finished (nonces, headers).
export default defineNitroPlugin((nitroApp) => {
  if (!useRuntimeConfig().compressResponses) return
  nitroApp.hooks.hook('beforeResponse', compressHandlerResponse)
})
