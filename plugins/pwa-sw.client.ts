/// <reference types="vite-plugin-pwa/client" />

// Registers the service worker (config/pwa.ts) in place of @vite-pwa/nuxt's own plugin, whose
// update flow reloads every open tab once any tab accepts an update. Here only the tab where the
// person pressed "Reload" reloads; a live broadcast elsewhere keeps running.
// Registration (and workbox-window with it) loads once the page is mounted and the browser is idle:
// it must not compete with the first video frame for bandwidth or main-thread time.
const UPDATE_CHECK_MS = 60 * 60 * 1000

export default defineNuxtPlugin((nuxtApp) => {
  if (!('serviceWorker' in navigator)) return
  const { needRefresh, activatedElsewhere, dismissed } = usePwaUpdate()
  let requestedHere = false
  let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | undefined

  nuxtApp.hook('app:mounted', () => {
    const register = () => import('virtual:pwa-register').then(({ registerSW }) => {
      updateServiceWorker = registerSW({
        immediate: true,
        onNeedRefresh() {
          needRefresh.value = true
          // "Later" was about the previous version; a newer one asks again.
          dismissed.value = false
        },
        // The new worker took control of this tab.
        onNeedReload() {
          if (requestedHere) window.location.reload()
          else {
            activatedElsewhere.value = true
            dismissed.value = false
          }
        },
        onRegisteredSW(_url, registration) {
          // Long-lived tabs (a viewer on a show for hours) still hear about new versions.
          if (registration) {
            setInterval(() => {
              if (navigator.onLine && !registration.installing) registration.update().catch(() => {})
            }, UPDATE_CHECK_MS)
          }
        },
        onRegisterError(error) {
          console.warn('Service worker registration failed; the app works, but not offline.', error)
        },
      })
    })
    // A viewer's first frame arrives within ~1.5 s of navigation; register after that, when idle.
    setTimeout(() => {
      if ('requestIdleCallback' in window) requestIdleCallback(() => void register(), { timeout: 2000 })
      else void register()
    }, 3000)
  })

  setPwaUpdateHandler(async () => {
    if (!needRefresh.value || activatedElsewhere.value) {
      // The new version already controls this tab: a plain reload picks it up.
      window.location.reload()
      return
    }
    requestedHere = true
    await updateServiceWorker?.(true)
    // If the waiting worker was already activated by another tab, no "controlling" event comes.
    setTimeout(() => window.location.reload(), 3000)
  })
})
