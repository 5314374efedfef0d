import type { ModuleOptions } from '@vite-pwa/nuxt'

// A basic manifest; the installable-PWA issue adds icons, the service worker strategy and prompts.
export const pwaConfig: Partial<ModuleOptions> = {
  registerType: 'prompt',
  manifest: {
    name: 'LiveShop — live shopping broadcasts',
    short_name: 'LiveShop',
    description: 'Go live from any browser and watch live shopping shows.',
    theme_color: '#111827',
    background_color: '#111827',
    display: 'standalone',
    start_url: '/',
    scope: '/',
  },
  workbox: {
    navigateFallback: null,
    globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest}'],
  },
  devOptions: { enabled: false },
}
