// nuxt-security resolves its per-route rules (and, for its rate limiter, the matching route name)
// on every request by deep-cloning its whole config and building routers: on the token route that
// halved throughput (measured against a bare node:http signer; bench/join-storm.mjs times the route
// now). Every /api/ path matches the same rules ('/**' and '/api/**' in nuxt.config.ts), so the
// first resolution is reused. Only the resolved slots are pre-filled; the module still applies
// those rules itself.
type SecurityContext = { rules?: Record<string, unknown>, route?: string }

export default defineNitroPlugin((nitroApp) => {
  let api: Required<SecurityContext> | undefined
  const isApi = (path: string) => path.startsWith('/api/')

  nitroApp.hooks.hook('request', (event) => {
    if (api && isApi(event.path)) event.context.security = { rules: api.rules, route: api.route }
  })
  nitroApp.hooks.hook('afterResponse', (event) => {
    const security = event.context.security as SecurityContext | undefined
    if (!api && isApi(event.path) && security?.rules && security.route !== undefined) {
      api = { rules: Object.freeze(security.rules), route: security.route }
    }
  })
})
