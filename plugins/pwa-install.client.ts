import type { BeforeInstallPromptEvent } from '~/composables/usePwaInstall'

// Listen from the very start: Chromium may fire beforeinstallprompt before the header mounts.
export default defineNuxtPlugin(() => {
  const { offer, markInstalled } = usePwaInstall()
  window.addEventListener('beforeinstallprompt', (event) => {
    // Suppress the browser's own mini-infobar: the header's "Install app" control replaces it.
    event.preventDefault()
    offer(event as BeforeInstallPromptEvent)
  })
  window.addEventListener('appinstalled', () => markInstalled())
})
