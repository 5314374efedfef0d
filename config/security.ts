import type { ModuleOptions } from 'nuxt-security'

// Headers for every response. The LiveKit origins are added to connect-src at start-up
// (server/plugins/csp-livekit.ts) because the LiveKit URL is runtime configuration.
export const securityConfig: Partial<ModuleOptions> = {
  strict: false,
  nonce: true,
  headers: {
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    contentSecurityPolicy: {
      'default-src': ['\'self\''],
      'base-uri': ['\'none\''],
      'object-src': ['\'none\''],
      'frame-ancestors': ['\'none\''],
      'form-action': ['\'self\''],
      'script-src': ['\'self\'', '\'strict-dynamic\'', '\'nonce-{{nonce}}\''],
      'script-src-attr': ['\'none\''],
      'style-src': ['\'self\'', '\'unsafe-inline\''],
      'img-src': ['\'self\'', 'data:', 'blob:'],
      'media-src': ['\'self\'', 'blob:', 'mediastream:'],
      'font-src': ['\'self\''],
      'connect-src': ['\'self\''],
      'worker-src': ['\'self\'', 'blob:'],
      'manifest-src': ['\'self\''],
      // Upgrading would turn ws://localhost LiveKit URLs into wss:// in local runs; production
      // serves https and wss anyway.
      'upgrade-insecure-requests': false,
    },
    // Browsers ignore HSTS on plain http, so it only takes effect once served over https.
    strictTransportSecurity: { maxAge: 31536000, includeSubdomains: true },
    referrerPolicy: 'strict-origin-when-cross-origin',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    permissionsPolicy: {
      'camera': ['self'],
      'microphone': ['self'],
      'display-capture': ['self'],
      'fullscreen': ['self'],
      'screen-wake-lock': ['self'],
      'geolocation': [],
    },
  },
  // Rate limits are per route with Retry-After (server/utils/rate-limit.ts); the module's
  // limiter sends no Retry-After and trusts X-Forwarded-For from anyone.
  rateLimiter: false,
  // Input is validated with zod per route and rendered escaped by Vue.
  xssValidator: false,
  // Body sizes are capped while streaming, per route, by server/middleware/request-guard.ts
  // (this module's limiter only reads Content-Length, which a chunked body does not send).
  requestSizeLimiter: false,
}
