// nuxt-security resolves its per-route rules on every request by deep-cloning its whole config and
// building a router: on the token route that halved throughput (bench/token.mjs). Every /api/ path
// resolves to the same rules (no route rule narrows /api/), so the first resolution is reused.
// Only the resolved-rules slot is pre-filled; the module still applies those rules itself.
type SecurityContext = { rules?: Record<string, unknown> }

export default defineNitroPlugin((nitroApp) => {
  let apiRules: SecurityContext['rules']
  const isApi = (path: string) => path.startsWith('/api/')

  nitroApp.hooks.hook('request', (event) => {
    if (apiRules && isApi(event.path)) event.context.security = { rules: apiRules }
  })
  nitroApp.hooks.hook('afterResponse', (event) => {
    const security = event.context.security as SecurityContext | undefined
    if (!apiRules && isApi(event.path) && security?.rules) apiRules = Object.freeze(security.rules)
  })
})
