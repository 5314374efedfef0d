import { describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import { setResponseStatus } from 'h3'
import { defineComponent, h } from 'vue'
import type { StreamQuality } from '#shared/types/stream'
import LiveKitErrorBoundary from '~/components/livekit/LiveKitErrorBoundary.vue'
import LiveKitPlayer from '~/components/livekit/LiveKitPlayer.vue'
import LiveKitBroadcaster from '~/components/livekit/LiveKitBroadcaster.vue'
import LiveBadges from '~/components/livekit/LiveBadges.vue'
import PlayerControls from '~/components/player/PlayerControls.vue'
import BroadcastControls from '~/components/broadcast/BroadcastControls.vue'

async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

describe('LiveKitErrorBoundary', () => {
  it('shows a friendly message (no stack) for a child\'s error, and Retry re-mounts the child', async () => {
    let attempts = 0
    const Flaky = defineComponent({
      setup() {
        attempts++
        if (attempts === 1) throw Object.assign(new Error('Permission denied by system at foo.js:1:2'), { name: 'NotAllowedError' })
        return () => h('p', { 'data-testid': 'child' }, 'camera ready')
      },
    })
    const wrapper = await mountSuspended(LiveKitErrorBoundary, { slots: { default: () => h(Flaky) } })
    await settle()
    const alert = wrapper.get('[data-testid="error-boundary"]')
    expect(alert.attributes('data-error-kind')).toBe('permission-denied')
    expect(alert.text()).toContain('Camera or microphone blocked')
    expect(alert.text()).not.toContain('foo.js')
    await wrapper.get('button').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="error-boundary"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="child"]').text()).toBe('camera ready')
  })
})

describe('LiveKitPlayer', () => {
  it('starts in "Connecting…" and reports a refused token through the boundary', async () => {
    registerEndpoint('/api/livekit/token', {
      handler: (event) => {
        setResponseStatus(event, 403)
        return { statusCode: 403, statusMessage: 'Forbidden', message: 'This show is private.' }
      },
    })
    const wrapper = await mountSuspended(LiveKitErrorBoundary, {
      slots: { default: () => h(LiveKitPlayer, { roomName: 'private-show', viewerName: 'anna' }) },
    })
    expect(wrapper.find('[data-state="connecting"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="player-status"]').text()).toContain('Connecting')
    await settle()
    const alert = wrapper.get('[data-testid="error-boundary"]')
    expect(alert.attributes('data-error-kind')).toBe('token-refused')
    expect(alert.text()).toContain('This show is private.')
    expect(wrapper.get('a[href="/"]').text()).toContain('Back to live shows')
  })
})

describe('LiveKitBroadcaster', () => {
  it('explains a blocked camera instead of showing a broken studio', async () => {
    const getUserMedia = vi.fn().mockRejectedValue(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }))
    // happy-dom has no media devices: this is the browser's answer when the camera is blocked.
    const original = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices')
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia, enumerateDevices: vi.fn().mockResolvedValue([]), addEventListener: vi.fn(), removeEventListener: vi.fn() } })
    try {
      const wrapper = await mountSuspended(LiveKitErrorBoundary, {
        slots: { default: () => h(LiveKitBroadcaster, { roomName: 'studio', username: 'Host' }) },
      })
      // The camera is asked for once livekit-client has loaded (a dynamic import of 1.4 MB here):
      // wait for that, not for a fixed time.
      await vi.waitFor(() => expect(getUserMedia).toHaveBeenCalled(), { timeout: 10_000 })
      await vi.waitFor(() => expect(wrapper.find('[data-testid="error-boundary"]').attributes('data-error-kind')).toBe('permission-denied'), { timeout: 5_000 })
    }
    finally {
      if (original) Object.defineProperty(navigator, 'mediaDevices', original)
      else delete (navigator as { mediaDevices?: unknown }).mediaDevices
    }
  })
})

describe('small parts', () => {
  it('LiveBadges: viewer count, REC, duration', async () => {
    const wrapper = await mountSuspended(LiveBadges, { props: { live: true, viewerCount: 1, isRecording: true, durationSeconds: 3725 } })
    expect(wrapper.get('[data-testid="viewer-count"]').text()).toBe('1 viewer')
    expect(wrapper.find('[data-testid="rec-badge"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="duration"]').text()).toContain('1:02:05')
    await wrapper.setProps({ viewerCount: 2, isRecording: false })
    expect(wrapper.get('[data-testid="viewer-count"]').text()).toBe('2 viewers')
    expect(wrapper.find('[data-testid="rec-badge"]').exists()).toBe(false)
  })

  it('PlayerControls: quality, mute and volume are two-way', async () => {
    const wrapper = await mountSuspended(PlayerControls, {
      props: { 'isFullscreen': false, 'fullscreenSupported': true, 'volume': 1, 'muted': false, 'quality': 'auto' as StreamQuality, 'onUpdate:quality': (q: StreamQuality) => wrapper.setProps({ quality: q }), 'onUpdate:muted': (m: boolean) => wrapper.setProps({ muted: m }) },
    })
    await wrapper.get('[data-testid="quality"]').setValue('low')
    expect(wrapper.emitted('update:quality')?.[0]).toEqual(['low'])
    await wrapper.get('[data-testid="mute-toggle"]').trigger('click')
    expect(wrapper.emitted('update:muted')?.[0]).toEqual([true])
    expect(wrapper.get('[data-testid="mute-toggle"]').text()).toBe('Unmute')
    expect(wrapper.get('label[for$="-quality"]').text()).toBe('Quality')
  })

  it('BroadcastControls: sharing and recording wait for Go live; the route\'s message is shown', async () => {
    const wrapper = await mountSuspended(BroadcastControls, {
      props: {
        live: false, micEnabled: true, cameraEnabled: false, isSharing: false, screenShareSupported: true, isRecording: false,
        recordingBusy: false, recordingMessage: '', cameras: [], microphones: [], cameraId: '', micId: '',
      },
    })
    expect(wrapper.get('[data-testid="toggle-screen"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="toggle-recording"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="toggle-camera"]').text()).toContain('Turn camera on')
    await wrapper.setProps({ live: true, recordingMessage: 'There is no API at /api/livekit/egress/start.' })
    expect(wrapper.get('[data-testid="toggle-recording"]').attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-testid="recording-message"]').text()).toBe('There is no API at /api/livekit/egress/start.')
    await wrapper.get('[data-testid="toggle-mic"]').trigger('click')
    expect(wrapper.emitted('toggle-mic')).toHaveLength(1)
  })
})
