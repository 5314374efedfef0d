import type { CachedPage } from '../utils/page-cache'

// Captures the home page a session-less visitor got (server/middleware/home-page-cache.ts decides
// which requests may): the HTML when rendered (nonces already in), the headers once the response
// is complete — nuxt-security sets its CSP in a render:response hook that runs after this one.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    if (!event.context.homePageCapture) return
    if (response.statusCode !== 200 || typeof response.body !== 'string' || event.context.homePageNoStore) {
      event.context.homePageCapture = false
      homePageCache.abandon()
      return
    }
    event.context.homePageBody = response.body
  })
  nitroApp.hooks.hook('beforeResponse', (event) => {
    const body = event.context.homePageBody as string | undefined
    if (!event.context.homePageCapture || body === undefined) return
    if (event.node.res.getHeader('set-cookie') || event.node.res.statusCode !== 200) {
      homePageCache.abandon()
      return
    }
    const headers: CachedPage['headers'] = {}
    for (const [name, value] of Object.entries(event.node.res.getHeaders())) {
      if (value === undefined || UNCACHED_HEADERS.has(name.toLowerCase())) continue
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    }
    homePageCache.store({ body, statusCode: 200, headers, nonce: event.context.security?.nonce ?? null, at: Date.now() })
  })
})
