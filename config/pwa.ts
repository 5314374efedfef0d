import type { ModuleOptions } from '@vite-pwa/nuxt'

// The installable PWA: manifest, icons (generated from public/logo.svg by pwa-assets.config.ts and
// committed), and a Workbox service worker that precaches the static shell only.
//
// What the service worker does NOT do, on purpose:
// - cache server-rendered pages: they depend on the session and on which shows are live, so a
//   navigation always goes to the network and falls back to the static public/offline.html;
// - cache /api/*: live data must never be replayed stale (no route matches it, so the browser
//   fetches it directly);
// - touch LiveKit or media: WebSockets and WebRTC bypass service workers, and the static-asset
//   route below only matches same-origin scripts, styles, fonts and images.
// Updates wait for the person to accept them (registerType 'prompt', plugins/pwa-sw.client.ts):
// a live broadcast is never reloaded by itself.

export const PWA_COLORS = {
  // --panel in assets/css/main.css: the top bar, so the OS title bar continues it.
  theme: '#141a2e',
  // --bg in assets/css/main.css: the splash screen matches the first paint.
  background: '#0b1020',
}

export const OFFLINE_PAGE = '/offline.html'

/** Head links for the manifest and icons, used in nuxt.config.ts (on every page, any layout). */
export const pwaHeadLinks = [
  { rel: 'manifest', href: '/manifest.webmanifest' },
  { rel: 'icon', href: '/favicon.ico', sizes: '48x48' },
  { rel: 'icon', href: '/logo.svg', type: 'image/svg+xml' },
  { rel: 'apple-touch-icon', href: '/apple-touch-icon-180x180.png' },
]

/** Meta for iOS, which reads these instead of the manifest for home-screen apps. */
export const pwaHeadMeta = [
  { name: 'apple-mobile-web-app-capable', content: 'yes' },
  { name: 'mobile-web-app-capable', content: 'yes' },
  { name: 'apple-mobile-web-app-title', content: 'LiveShop' },
  { name: 'apple-mobile-web-app-status-bar-style', content: 'black-translucent' },
]

export const pwaConfig: Partial<ModuleOptions> = {
  registerType: 'prompt',
  // Our own client plugin registers the worker: the module's plugin reloads every open tab when
  // any tab applies an update, which would end a live broadcast in another tab.
  client: { registerPlugin: false },
  registerWebManifestInRouteRules: true,
  manifest: {
    id: '/',
    name: 'LiveShop — live shopping broadcasts',
    short_name: 'LiveShop',
    description: 'Go live from any browser and watch live shopping shows.',
    lang: 'en',
    dir: 'ltr',
    theme_color: PWA_COLORS.theme,
    background_color: PWA_COLORS.background,
    display: 'standalone',
    start_url: '/',
    scope: '/',
    categories: ['shopping', 'entertainment'],
    icons: [
      { src: '/pwa-64x64.png', sizes: '64x64', type: 'image/png', purpose: 'any' },
      { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      {
        name: 'Watch live shows',
        short_name: 'Watch',
        description: 'See which shows are live now',
        url: '/',
        icons: [{ src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' }],
      },
      {
        name: 'Go live',
        short_name: 'Go live',
        description: 'Sign in as a host and pick the show to go live with',
        // Hosts go live from /shows (open the studio there); a host already signed in goes straight on.
        url: '/login?redirect=/shows',
        icons: [{ src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' }],
      },
    ],
    // Made from the built app by scripts/pwa-screenshots.mjs (committed, kept small).
    screenshots: [
      { src: '/screenshots/home-wide.png', sizes: '1280x720', type: 'image/png', form_factor: 'wide', label: 'Live shows on a desktop' },
      { src: '/screenshots/home-narrow.png', sizes: '390x844', type: 'image/png', form_factor: 'narrow', label: 'Live shows on a phone' },
    ],
  },
  workbox: {
    // The shell: hashed Nuxt chunks and styles, icons, the manifest and the offline page.
    // (vite-plugin-pwa adds manifest.webmanifest itself.)
    globPatterns: ['**/*.{js,css,svg,png,ico}', 'offline.html'],
    // Screenshots are only for the install dialog; the maskable/apple icons are for the OS.
    globIgnores: ['screenshots/**', 'sw.js', 'workbox-*.js'],
    // No SPA fallback: pages are server-rendered (see the runtime route for navigations).
    navigateFallback: null,
    // Replaces @vite-pwa/nuxt's transform, which renames "offline.html" to "offline" (its rule for
    // prerendered pages): the server would then answer the precache request with a 404 page.
    manifestTransforms: [async entries => ({ manifest: entries, warnings: [] })],
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        // Pages: always the network; with no network, the precached offline page (which keeps the
        // address, so its Retry link reloads what the person asked for).
        urlPattern: ({ request }) => request.mode === 'navigate',
        handler: 'NetworkOnly',
        options: { precacheFallback: { fallbackURL: OFFLINE_PAGE } },
      },
      {
        // Static files that are not in the precache (e.g. images added later): same origin only,
        // never the API, never audio/video.
        urlPattern: ({ request, url, sameOrigin }) => sameOrigin
          && !url.pathname.startsWith('/api/')
          && ['script', 'style', 'font', 'image'].includes(request.destination),
        handler: 'StaleWhileRevalidate',
        options: {
          cacheName: 'liveshop-static',
          expiration: { maxEntries: 80, maxAgeSeconds: 30 * 24 * 60 * 60 },
          cacheableResponse: { statuses: [200] },
        },
      },
    ],
  },
  devOptions: { enabled: false },
}
