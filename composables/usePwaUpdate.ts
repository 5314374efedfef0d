// "New version — reload": a new service worker is installed and waiting. The person decides when
// to switch; nothing reloads by itself, and on a broadcast page the prompt says that reloading
// ends the show. plugins/pwa-sw.client.ts sets the flags and the handler.

type ApplyUpdate = () => Promise<void> | void

// The handler talks to the service worker registration, which only exists in the browser.
let applyUpdate: ApplyUpdate = () => window.location.reload()

export function setPwaUpdateHandler(handler: ApplyUpdate) {
  applyUpdate = handler
}

export function usePwaUpdate() {
  const needRefresh = useState('pwa:need-refresh', () => false)
  // Another tab applied the update: this tab keeps running the old version until it reloads.
  const activatedElsewhere = useState('pwa:activated-elsewhere', () => false)
  const dismissed = useState('pwa:update-dismissed', () => false)
  const reloading = ref(false)
  const route = useRoute()

  const onBroadcast = computed(() => route.path.startsWith('/broadcast/'))
  const visible = computed(() => (needRefresh.value || activatedElsewhere.value) && !dismissed.value)

  async function reload() {
    reloading.value = true
    try {
      await applyUpdate()
    }
    finally {
      reloading.value = false
    }
  }

  function dismiss() {
    dismissed.value = true
  }

  return { needRefresh, activatedElsewhere, dismissed, visible, onBroadcast, reloading, reload, dismiss }
}
