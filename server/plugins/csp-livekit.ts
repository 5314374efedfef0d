// The LiveKit URL is runtime configuration, so the CSP's connect-src learns it at start-up:
// browsers reach LiveKit over ws(s) for signalling and http(s) for its validate endpoint.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('nuxt-security:routeRules', (routeRules) => {
    const resolved = resolveLiveKitConfig()
    if (!('config' in resolved)) return
    const { wsUrl, httpUrl } = resolved.config
    const rules = routeRules['/**']
    const csp = rules?.headers && rules.headers.contentSecurityPolicy
    if (!csp || typeof csp !== 'object') return
    const current = csp['connect-src']
    const list = Array.isArray(current) ? current : ['\'self\'']
    csp['connect-src'] = [...new Set([...list, new URL(wsUrl).origin.replace(/^http/, 'ws'), new URL(httpUrl).origin])]
  })
})
