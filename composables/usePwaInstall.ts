// "Install app": Chromium browsers offer a beforeinstallprompt event we keep and replay on a tap;
// iOS Safari has no such event, so there we show the two taps it takes instead. Nothing shows
// once the app runs installed (standalone display mode).

export interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed', platform?: string }>
}

// The event object cannot live in useState (it is not serialisable); it only exists in the
// browser, set by plugins/pwa-install.client.ts.
let deferredPrompt: BeforeInstallPromptEvent | null = null

export function usePwaInstall() {
  const canPrompt = useState('pwa:can-prompt', () => false)
  const installedNow = useState('pwa:installed', () => false)
  const iosHintDismissed = useLocalStorage('liveshop:ios-install-hint-dismissed', false)
  const standalone = useMediaQuery('(display-mode: standalone)')

  const isIosSafari = computed(() => {
    if (import.meta.server) return false
    const ua = navigator.userAgent
    // iPadOS reports itself as a Mac; touch points tell them apart.
    const ios = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)
    return ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua)
  })
  const installed = computed(() => installedNow.value || standalone.value
    || (import.meta.client && (navigator as Navigator & { standalone?: boolean }).standalone === true))

  const showInstall = computed(() => !installed.value && canPrompt.value)
  const showIosHint = computed(() => !installed.value && !canPrompt.value && isIosSafari.value && !iosHintDismissed.value)

  /** Shows the browser's install dialog; resolves with what the person chose. */
  async function install() {
    const event = deferredPrompt
    if (!event) return 'unavailable' as const
    // A prompt event can be used once.
    deferredPrompt = null
    canPrompt.value = false
    await event.prompt()
    const { outcome } = await event.userChoice
    if (outcome === 'accepted') installedNow.value = true
    return outcome
  }

  /** For the client plugin: keep the browser's offer for later. */
  function offer(event: BeforeInstallPromptEvent | null) {
    deferredPrompt = event
    canPrompt.value = event !== null
  }

  function markInstalled() {
    offer(null)
    installedNow.value = true
  }

  function dismissIosHint() {
    iosHintDismissed.value = true
  }

  return { showInstall, showIosHint, installed, install, offer, markInstalled, dismissIosHint }
}
