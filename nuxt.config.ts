import { securityConfig } from './config/security'
import { PWA_COLORS, pwaConfig, pwaHeadLinks, pwaHeadMeta } from './config/pwa'

// Runtime values come from the environment at start-up (NUXT_* names, plus the
// React/Next original's names resolved in server/utils/config.ts). Nothing secret is public.
export default defineNuxtConfig({

  modules: [
    '@pinia/nuxt',
    '@vueuse/nuxt',
    'nuxt-auth-utils',
    'nuxt-security',
    '@vite-pwa/nuxt',
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
    // Trust X-Forwarded-For only behind a proxy that sets it (NUXT_TRUST_PROXY=true).
    trustProxy: false,
    session: {
      name: 'liveshop-session',
      password: '', // NUXT_SESSION_PASSWORD (32+ characters)
      cookie: { sameSite: 'lax' },
      maxAge: 60 * 60 * 12,
    },
  },
  // The design card fixes a top-level layout (pages/, components/, … at the root, no app/ folder).
  srcDir: '.',
  // Builds go to this checkout's .nuxt: Nuxt 4 puts production builds in node_modules/.cache/nuxt,
  // which git worktrees sharing one node_modules would overwrite under each other mid-build.
  buildDir: '.nuxt',

  // API responses are JSON: no HTML to put a CSP nonce into, so none is generated for them.
  routeRules: { '/api/**': { security: { nonce: false } } },

  // Links prefetch the next page's code on hover/focus/touch, not whenever they scroll into view:
  // a viewer's data and first seconds go to the video, not to pages they may never open.
  experimental: { defaults: { nuxtLink: { prefetchOn: { interaction: true, visibility: false } } } },
  compatibilityDate: '2026-11-01',

  // The session type (types/auth.d.ts) is shared by pages and server routes.
  nitro: { typescript: { tsConfig: { include: ['../types/**/*.d.ts'] } } },

  vite: {
    optimizeDeps: { include: ['livekit-client'] },
    // Every component here uses <script setup>; dropping Vue's Options API keeps the entry lean
    // (the viewer's JS budget before the first frame is 250 KB gzip, livekit-client alone ~150).
    define: { __VUE_OPTIONS_API__: 'false' },
  },
  typescript: { strict: true },

  eslint: { config: { stylistic: true } },
  pwa: pwaConfig,

  security: securityConfig,
})
