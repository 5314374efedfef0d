import { fileURLToPath } from 'node:url'
import { securityConfig } from './config/security'
import { PWA_COLORS, pwaConfig, pwaHeadLinks, pwaHeadMeta } from './config/pwa'
import precompressLateAssets from './config/precompress-late-assets'
import { liveKitClientModuleId } from './config/livekit-chunk'
import { dropPrefetchHints } from './config/prefetch-hints'
import firstPaint from './config/first-paint'

// Runtime values come from the environment at start-up (NUXT_* names, plus the
// React/Next original's names resolved in server/utils/config.ts). Nothing secret is public.
export default defineNuxtConfig({

  modules: [
    '@pinia/nuxt',
    '@vueuse/nuxt',
    'nuxt-auth-utils',
    'nuxt-security',
    '@vite-pwa/nuxt',
    precompressLateAssets, // after the PWA module: compresses the service worker it writes last
    firstPaint, // no render-blocking stylesheet (config/first-paint.ts)
    '@nuxt/eslint',
    '@nuxt/test-utils/module',
  ],

  // components/livekit/ holds the guide's names as they are (LiveKitPlayer, not LivekitLiveKitPlayer);
  // the other domain folders keep Nuxt's path prefix (player/PlayerControls → PlayerControls).
  components: [
    { path: '~/components/livekit', pathPrefix: false },
    '~/components',
  ],
  devtools: { enabled: false },

  app: {
    head: {
      htmlAttrs: { lang: 'en' },
      title: 'LiveShop',
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1, viewport-fit=cover' },
        { name: 'description', content: 'Live shopping broadcasts: go live from any browser, watch anywhere.' },
        { name: 'theme-color', content: PWA_COLORS.theme },
        ...pwaHeadMeta,
      ],
      link: [...pwaHeadLinks],
    },
  },

  css: ['~/assets/css/main.css'],

  runtimeConfig: {
    livekit: {
      url: '', // NUXT_LIVEKIT_URL (aliases: LIVEKIT_URL, NEXT_PUBLIC_LIVEKIT_URL)
      apiKey: '', // NUXT_LIVEKIT_API_KEY (alias: LIVEKIT_API_KEY)
      apiSecret: '', // NUXT_LIVEKIT_API_SECRET (alias: LIVEKIT_API_SECRET)
      egressUrl: '', // NUXT_LIVEKIT_EGRESS_URL (alias: LIVEKIT_EGRESS_URL)
    },
    storage: {
      bucket: '', // CLOUD_STORAGE_BUCKET
      accessKey: '', // CLOUD_STORAGE_ACCESS_KEY
      secretKey: '', // CLOUD_STORAGE_SECRET_KEY
      region: '', // CLOUD_STORAGE_REGION
      endpoint: '', // CLOUD_STORAGE_ENDPOINT
    },
    hostAccessKey: '', // NUXT_HOST_ACCESS_KEY (alias: HOST_ACCESS_KEY)
    opsAccessKey: '', // NUXT_OPS_ACCESS_KEY (alias: OPS_ACCESS_KEY)
    databaseUrl: '', // NUXT_DATABASE_URL (alias: DATABASE_URL)
    uploadsDir: '', // NUXT_UPLOADS_DIR (alias: UPLOADS_DIR); default .data/uploads (unless CLOUD_STORAGE_* is set)
    analytics: {
      sqlitePath: '', // NUXT_ANALYTICS_SQLITE_PATH (alias: ANALYTICS_SQLITE_PATH); default .data/analytics.sqlite
      dbSchema: '', // NUXT_ANALYTICS_DB_SCHEMA (alias: ANALYTICS_DB_SCHEMA, or ?schema= on DATABASE_URL)
    },
    // Shared cache (room status, live shows) for several app instances; memory when unset.
    cacheRedisUrl: '', // NUXT_CACHE_REDIS_URL (alias: REDIS_URL), e.g. redis://127.0.0.1:6379/0
    // Token route limit per client IP; see README "Limits".
    tokenRateLimit: { points: 1200, durationSeconds: 60 },
    // Sign-in attempts per client IP before a lock-out.
    loginRateLimit: { points: 10, durationSeconds: 300 },
    // Chat messages and reactions per client address (a venue behind one NAT chats at once), and
    // reactions per chatter; see README "Chat".
    chatRateLimit: { points: 1200, durationSeconds: 60 },
    reactionRateLimit: { points: 30, durationSeconds: 10 },
    shop: {
      // Unpaid card orders give their stock back after this long (NUXT_SHOP_RESERVATION_MINUTES).
      reservationMinutes: 15,
      stripeSecretKey: '', // NUXT_SHOP_STRIPE_SECRET_KEY (alias: STRIPE_SECRET_KEY); unset = reserve now, pay later
      stripeWebhookSecret: '', // NUXT_SHOP_STRIPE_WEBHOOK_SECRET (alias: STRIPE_WEBHOOK_SECRET)
      stripeApiBase: '', // NUXT_SHOP_STRIPE_API_BASE (alias: STRIPE_API_BASE): another API host, e.g. stripe-mock
      // Per client IP; see README "Limits".
      orderRateLimit: { points: 3000, durationSeconds: 60 },
      eventRateLimit: { points: 600, durationSeconds: 60 },
    },
    // HTML and JSON compressed by the app; false when a reverse proxy compresses (README "Compression and caching").
    compressResponses: true, // NUXT_COMPRESS_RESPONSES
    // Failed sign-ins from all addresses together before sign-in pauses for everyone.
    loginFailureLimit: { points: 100, durationSeconds: 300 },
    // Room-status polls per client IP (viewers poll it; an office NAT shares one address).
    statusRateLimit: { points: 1200, durationSeconds: 60 },
    // X-Forwarded-For: false (ignored), a number of reverse proxies in front (true = 1; the client
    // is that many entries from the right), or a list of proxy addresses/CIDRs. See README "Limits".
    trustProxy: false as boolean | number | string,
    session: {
      name: 'liveshop-session',
      password: '', // NUXT_SESSION_PASSWORD (32+ characters)
      cookie: { sameSite: 'lax' },
      maxAge: 60 * 60 * 12,
    },
  },
  // The design card fixes a top-level layout (pages/, components/, … at the root, no app/ folder).
  srcDir: '.',
  // `nuxt build` would otherwise work in node_modules/.cache/nuxt/.nuxt, and node_modules is shared
  // by several checkouts here (git worktrees, one install): their builds overwrote each other's
  // client manifest mid-build. The checkout's own .nuxt keeps each build to itself.
  buildDir: '.nuxt',

  // API responses are JSON: no HTML to put a CSP nonce into, so none is generated for them.
  routeRules: {
    '/api/**': { security: { nonce: false } },
    // Image uploads are up to 10 MB (the route checks the exact limit and says so).
    '/api/uploads': { security: { requestSizeLimiter: { maxRequestSizeInBytes: 11_000_000, maxUploadFileRequestInBytes: 11_000_000 } } },
  },

  // The global CSS too (not only components'): inlined into the HTML, so no stylesheet blocks the
  // first paint (config/first-paint.ts drops the entry's link).
  features: { inlineStyles: true },

  // Links prefetch the next page's code on hover/focus/touch, not whenever they scroll into view:
  // a viewer's data and first seconds go to the video, not to pages they may never open.
  experimental: { defaults: { nuxtLink: { prefetchOn: { interaction: true, visibility: false } } } },
  compatibilityDate: '2026-11-01',

  // The session type (types/auth.d.ts) is shared by pages and server routes.
  nitro: {
    typescript: { tsConfig: { include: ['../types/**/*.d.ts'] } },
    // Every public file ≥ 1 KB also as .br and .gz (max quality, once at build time); Nitro serves
    // the one the browser accepts. Hashed /_nuxt/ files are cached a year, immutable (Nuxt's default).
    compressPublicAssets: { brotli: true, gzip: true },
  },

  vite: {
    optimizeDeps: { include: ['livekit-client'] },
    // Every component here uses <script setup>; dropping Vue's Options API keeps the entry lean
    // (the viewer's JS budget before the first frame is 250 KB gzip, livekit-client alone ~150).
    define: {
      __VUE_OPTIONS_API__: 'false',
      __LIVEKIT_CLIENT_MODULE_ID__: JSON.stringify(liveKitClientModuleId(fileURLToPath(new URL('.', import.meta.url)))),
    },
  },
  typescript: { strict: true },

  hooks: { 'build:manifest': dropPrefetchHints },

  eslint: { config: { stylistic: true } },
  pwa: pwaConfig,

  security: securityConfig,
})
