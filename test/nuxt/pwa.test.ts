import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockNuxtImport, mountSuspended } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import PwaUpdatePrompt from '~/components/pwa/PwaUpdatePrompt.client.vue'
import PwaInstallPrompt from '~/components/pwa/PwaInstallPrompt.client.vue'
import PwaNetworkStatus from '~/components/pwa/PwaNetworkStatus.client.vue'
import PwaOfflineNotice from '~/components/pwa/PwaOfflineNotice.client.vue'

// The studio page needs a host session; let the host middleware through.
mockNuxtImport('useUserSession', () => () => ({
  loggedIn: ref(true),
  user: ref({ role: 'host' }),
  session: ref({}),
  ready: ref(true),
  fetch: async () => {},
  clear: async () => {},
}))

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

afterEach(() => {
  useState('pwa:need-refresh').value = false
  useState('pwa:activated-elsewhere').value = false
  useState('pwa:update-dismissed').value = false
  setOnline(true)
})

describe('update prompt', () => {
  it('stays hidden until a new version waits; then offers Reload and Later, and reloads only when asked', async () => {
    const apply = vi.fn()
    setPwaUpdateHandler(apply)
    const prompt = await mountSuspended(PwaUpdatePrompt, { route: '/' })
    expect(prompt.find('[data-testid="pwa-update"]').exists()).toBe(false)

    useState('pwa:need-refresh').value = true
    await nextTick()
    expect(prompt.get('[data-testid="pwa-update"]').text()).toContain('New version available. Reload to use it.')
    // Non-blocking: a status message, not a dialog.
    expect(prompt.get('[data-testid="pwa-update"]').attributes('role')).toBe('status')
    expect(apply).not.toHaveBeenCalled()

    await prompt.get('[data-testid="pwa-update-reload"]').trigger('click')
    expect(apply).toHaveBeenCalledTimes(1)

    await prompt.get('[data-testid="pwa-update-later"]').trigger('click')
    expect(prompt.find('[data-testid="pwa-update"]').exists()).toBe(false)
  })

  it('on a broadcast page, warns that reloading ends the live show', async () => {
    useState('pwa:need-refresh').value = true
    const prompt = await mountSuspended(PwaUpdatePrompt, { route: '/broadcast/spring-sale' })
    expect(prompt.get('[data-testid="pwa-update"]').text()).toContain('Reloading ends your live broadcast, so reload after the show.')
    expect(prompt.get('[data-testid="pwa-update-reload"]').text()).toBe('Reload now')
  })
})

describe('install control', () => {
  it('appears when the browser offers installation and replays the offer on click', async () => {
    const control = await mountSuspended(PwaInstallPrompt)
    expect(control.find('[data-testid="pwa-install"]').exists()).toBe(false)

    const prompt = vi.fn(async () => {})
    const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt,
      userChoice: Promise.resolve({ outcome: 'dismissed' as const }),
    })
    window.dispatchEvent(offer)
    await nextTick()
    expect(offer.defaultPrevented).toBe(true)
    const button = control.get('[data-testid="pwa-install"]')
    expect(button.text()).toBe('Install app')

    await button.trigger('click')
    await flushPromises()
    expect(prompt).toHaveBeenCalledTimes(1)
    // An offer is used once; the browser makes a new one if it wants to.
    expect(control.find('[data-testid="pwa-install"]').exists()).toBe(false)
  })
})

describe('install control on iOS and when installed', () => {
  const realUserAgent = navigator.userAgent
  const realMatchMedia = window.matchMedia
  afterEach(() => {
    Object.defineProperty(window.navigator, 'userAgent', { configurable: true, get: () => realUserAgent })
    window.matchMedia = realMatchMedia
    localStorage.clear()
  })

  it('gives iOS Safari (no install event there) the two taps that add the app to the home screen', async () => {
    Object.defineProperty(window.navigator, 'userAgent', {
      configurable: true,
      get: () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    })
    const control = await mountSuspended(PwaInstallPrompt)
    const toggle = control.get('[data-testid="pwa-ios-install"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    expect(control.get('#pwa-ios-steps').text()).toContain('tap Share (□↑) in Safari, then Add to Home Screen')
    await control.get('#pwa-ios-steps button').trigger('click')
    expect(control.find('[data-testid="pwa-ios-install"]').exists()).toBe(false)
  })

  it('shows nothing when the app already runs installed (standalone display mode)', async () => {
    window.matchMedia = ((query: string) => ({
      matches: query.includes('display-mode: standalone'), media: query, onchange: null,
      addEventListener: () => {}, removeEventListener: () => {}, addListener: () => {}, removeListener: () => {}, dispatchEvent: () => false,
    })) as typeof window.matchMedia
    const control = await mountSuspended(PwaInstallPrompt)
    window.dispatchEvent(Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => {},
      userChoice: Promise.resolve({ outcome: 'dismissed' as const }),
    }))
    await nextTick()
    expect(control.find('[data-testid="pwa-install"]').exists()).toBe(false)
    expect(control.find('[data-testid="pwa-ios-install"]').exists()).toBe(false)
  })
})

describe('network status', () => {
  it('shows Offline while the network is gone and "Back online" when it returns', async () => {
    const status = await mountSuspended(PwaNetworkStatus)
    expect(status.text()).toBe('')
    setOnline(false)
    await nextTick()
    expect(status.text()).toBe('Offline')
    setOnline(true)
    await nextTick()
    expect(status.text()).toBe('Back online')
  })

  it('tells a viewer and a host what being offline means for the show', async () => {
    const viewer = await mountSuspended(PwaOfflineNotice)
    const host = await mountSuspended(PwaOfflineNotice, { props: { audience: 'host' } })
    expect(viewer.find('[data-testid="offline-notice"]').exists()).toBe(false)
    setOnline(false)
    await nextTick()
    expect(viewer.get('[role="alert"]').text()).toContain('The show paused because this device lost its network connection')
    expect(host.get('[role="alert"]').text()).toContain('Your viewers cannot see or hear you while this device is offline')
  })

  it('runs onReconnect callbacks when the network comes back, not before', async () => {
    const reconnect = vi.fn()
    const Probe = defineComponent({
      setup() {
        useNetworkStatus().onReconnect(reconnect)
        return () => h('span')
      },
    })
    await mountSuspended(Probe)
    setOnline(false)
    await nextTick()
    expect(reconnect).not.toHaveBeenCalled()
    setOnline(true)
    await nextTick()
    expect(reconnect).toHaveBeenCalledTimes(1)
  })
})
