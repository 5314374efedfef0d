import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import MobilePlayer from '~/components/livekit/MobilePlayer.vue'
import { useAutoHide } from '~/composables/useAutoHide'
import { neighbourShow } from '~/composables/useShowFeed'

async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

describe('useAutoHide', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  async function mountAutoHide(active = ref(true)) {
    let api!: ReturnType<typeof useAutoHide>
    const Probe = defineComponent({
      setup() {
        api = useAutoHide({ delay: 1000, active })
        return () => h('p', api.visible.value ? 'shown' : 'hidden')
      },
    })
    const wrapper = await mountSuspended(Probe)
    return { wrapper, api: () => api }
  }

  it('hides after the delay, a tap brings the controls back, and they hide again', async () => {
    vi.useFakeTimers()
    const { wrapper, api } = await mountAutoHide()
    expect(wrapper.text()).toBe('shown')
    vi.advanceTimersByTime(999)
    await flushPromises()
    expect(wrapper.text()).toBe('shown')
    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(wrapper.text()).toBe('hidden')

    api().toggle() // the tap on the video
    await flushPromises()
    expect(wrapper.text()).toBe('shown')
    vi.advanceTimersByTime(600)
    api().show() // using a control restarts the countdown
    vi.advanceTimersByTime(600)
    await flushPromises()
    expect(wrapper.text()).toBe('shown')
    vi.advanceTimersByTime(400)
    await flushPromises()
    expect(wrapper.text()).toBe('hidden')
  })

  it('a tap on shown controls hides them; while inactive they stay', async () => {
    vi.useFakeTimers()
    const active = ref(false)
    const { wrapper, api } = await mountAutoHide(active)
    vi.advanceTimersByTime(5000)
    api().toggle()
    await flushPromises()
    expect(wrapper.text()).toBe('shown')

    active.value = true // e.g. the show starts playing
    await flushPromises()
    api().toggle()
    await flushPromises()
    expect(wrapper.text()).toBe('hidden')
  })
})

describe('swipe between live shows', () => {
  it('neighbourShow: next/previous in list order, wrapping; null when alone', () => {
    const shows = [{ room: 'a' }, { room: 'b' }, { room: 'c' }]
    expect(neighbourShow(shows, 'a', 1)).toBe('b')
    expect(neighbourShow(shows, 'c', 1)).toBe('a')
    expect(neighbourShow(shows, 'a', -1)).toBe('c')
    expect(neighbourShow(shows, 'gone', 1)).toBe('a')
    expect(neighbourShow(shows, 'gone', -1)).toBe('c')
    expect(neighbourShow([{ room: 'a' }], 'a', 1)).toBeNull()
    expect(neighbourShow([], 'a', -1)).toBeNull()
  })

  function touch(target: Element, type: string, y: number) {
    const event = new Event(type, { bubbles: true, cancelable: true })
    const point = { clientX: 180, clientY: y }
    Object.assign(event, { touches: type === 'touchend' ? [] : [point], changedTouches: [point] })
    target.dispatchEvent(event)
  }

  it('MobilePlayer: a swipe up opens the next live show, a short drag does nothing', async () => {
    // The connection never answers here: this is about the gesture, not the media.
    registerEndpoint('/api/livekit/token', { handler: () => new Promise(() => {}) })
    let listCalls = 0
    registerEndpoint('/api/livekit/rooms', {
      handler: () => {
        listCalls++
        return { shows: [{ room: 'first' }, { room: 'second' }] }
      },
    })
    const wrapper = await mountSuspended(MobilePlayer, { props: { roomName: 'first', viewerName: 'anna' }, route: '/' })
    const router = useRouter()
    const stage = wrapper.get('[data-testid="player-stage"]').element

    touch(stage, 'touchstart', 600)
    touch(stage, 'touchmove', 580)
    touch(stage, 'touchend', 580)
    await settle()
    expect(listCalls).toBe(0) // below the swipe threshold: not a swipe (a tap toggles the controls)
    expect(router.currentRoute.value.path).toBe('/')

    touch(stage, 'touchstart', 600)
    touch(stage, 'touchmove', 400)
    touch(stage, 'touchmove', 200)
    touch(stage, 'touchend', 200)
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/watch/second'), { timeout: 5000 })
    expect(listCalls).toBe(1)
  })
})
