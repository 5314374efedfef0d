// LiveKitAnalytics with WebRTC stats fixtures: the figures a host reads off the Stats tab must be the
// right numbers (bitrate from byte counters over time, packet loss, counter resets), the show's
// server figures must appear, and a 1 s tick must re-render only the parts whose numbers changed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import type { Room } from 'livekit-client'
import type { LiveRoomsResponse } from '#shared/types/analytics'
import LiveKitAnalytics from '~/components/livekit/LiveKitAnalytics.vue'
import AnalyticsNetwork from '~/components/analytics/AnalyticsNetwork.vue'
import AnalyticsAudience from '~/components/analytics/AnalyticsAudience.vue'
import type { LiveMetricsSnapshot } from '~/composables/useLiveMetrics'
import { useStreamStats } from '~/composables/useStreamStats'
import type { RtcStatsEntry } from '~/utils/live-metrics'

/** A Room-shaped fixture: the few fields LiveKitAnalytics reads, with stats the test sets. */
function fixtureRoom() {
  const stats = { local: [] as RtcStatsEntry[], remote: [] as RtcStatsEntry[], reads: 0 }
  const report = (entries: () => RtcStatsEntry[]) => ({ track: { getRTCStatsReport: async () => {
    stats.reads++
    return new Map(entries().map(e => [e.id, e]))
  } } })
  const room = {
    state: 'connected',
    numParticipants: 4,
    numPublishers: 1,
    isRecording: false,
    localParticipant: { identity: 'host-abc', name: 'Host', connectionQuality: 'excellent', trackPublications: new Map([['TR_cam', report(() => stats.local)]]) },
    remoteParticipants: new Map([['guest-1', { identity: 'guest-1', name: 'Guest', connectionQuality: 'poor', trackPublications: new Map([['TR_g', report(() => stats.remote)]]) }]]),
  }
  return { room: room as unknown as Room, stats, raw: room }
}

// Which components re-rendered. mountSuspended renders a copy of the root component, so the root
// is recognised by name (Nuxt prefixes it with its folder); its parts by their definitions.
const updated: unknown[] = []
const trackUpdates = { updated(this: { $: { type: { __name?: string } } }) {
  updated.push(/LiveKitAnalytics$/.test(this.$.type.__name ?? '') ? 'LiveKitAnalytics' : this.$.type)
} }

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  updated.length = 0
  registerEndpoint('/api/_auth/session', () => ({ user: { role: 'host' }, loggedInAt: Date.now() }))
  registerEndpoint('/api/analytics/live', (): LiveRoomsResponse => ({
    at: new Date().toISOString(),
    rooms: [{ room: 'spring-sale', sid: 'RM_1', viewers: 3, publishers: 1, isRecording: true, startedAt: null, uptimeSeconds: 125, peakViewers: 9, joins: 14, leaves: 11 }],
  }))
  await useUserSession().fetch()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('LiveKitAnalytics', () => {
  it('shows bitrates from byte counters over time, packet loss, and survives a counter reset', async () => {
    const { room, stats } = fixtureRoom()
    const wrapper = await mountSuspended(LiveKitAnalytics, { props: { roomName: 'spring-sale', isHost: true, room } })
    const vm = wrapper.vm as unknown as { sample: (at: number) => Promise<LiveMetricsSnapshot>, fetchServerFigures: () => Promise<void> }
    await vm.fetchServerFigures()
    const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text()

    stats.local = [{ type: 'outbound-rtp', id: 'o1', kind: 'video', bytesSent: 1_000_000, frameWidth: 1280, frameHeight: 720, framesPerSecond: 30 }]
    stats.remote = [{ type: 'inbound-rtp', id: 'i1', kind: 'video', bytesReceived: 200_000, packetsReceived: 1000, packetsLost: 0, frameWidth: 640, frameHeight: 360, framesPerSecond: 15 }]
    await vm.sample(10_000)
    await flushPromises()
    expect(text('upload')).toBe('0 kbps') // one sample: no interval yet

    // 2 s later: 500 kB more sent = 2,000 kbit/s; 100 kB received = 400 kbit/s; 49 lost of 1,000.
    stats.local = [{ ...stats.local[0]!, bytesSent: 1_500_000 }]
    stats.remote = [{ ...stats.remote[0]!, bytesReceived: 300_000, packetsReceived: 1951, packetsLost: 49 }]
    const emitted = await vm.sample(12_000)
    await flushPromises()
    expect(text('upload')).toBe('2000 kbps')
    expect(text('download')).toBe('400 kbps')
    expect(text('packet-loss')).toBe('4.9 %')
    expect(emitted.network).toMatchObject({ uploadKbps: 2000, downloadKbps: 400, packetLossPct: 4.9 })

    // The sender restarted (ICE restart): its counter starts over at 125 kB one second later.
    stats.local = [{ ...stats.local[0]!, bytesSent: 125_000 }]
    stats.remote = [{ ...stats.remote[0]!, bytesReceived: 350_000, packetsReceived: 2951, packetsLost: 49 }]
    await vm.sample(13_000)
    await flushPromises()
    expect(text('upload')).toBe('1000 kbps')
    expect(text('download')).toBe('400 kbps')
    expect(text('packet-loss')).toBe('0.0 %')

    // Quality and the video actually sent and received, per participant.
    const rows = wrapper.findAll('[data-testid="quality"] li').map(li => li.text().replace(/\s+/g, ' '))
    expect(rows).toEqual(['Host (you): Excellent, sending 1280×720 @ 30 fps', 'Guest: Poor, receiving 640×360 @ 15 fps'])
  })

  it('shows the show\'s audience: viewers from the Room\'s counts, peak and joins/leaves from the server, recording and uptime', async () => {
    const { room, raw } = fixtureRoom()
    const wrapper = await mountSuspended(LiveKitAnalytics, { props: { roomName: 'spring-sale', isHost: true, room } })
    const vm = wrapper.vm as unknown as { sample: (at: number) => Promise<LiveMetricsSnapshot>, fetchServerFigures: () => Promise<void> }
    await vm.fetchServerFigures()
    await vm.sample(1000)
    await flushPromises()
    const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text()
    expect(text('viewers-now')).toBe('3') // 4 participants − 1 publisher
    expect(text('viewers-peak')).toBe('9')
    expect(text('joins-leaves')).toBe('14 / 11')
    expect(text('recording')).toBe('REC')
    expect(text('uptime')).toMatch(/^2 min [5-9] s$/)

    // More viewers than the server's peak so far: the peak follows at once.
    raw.numParticipants = 12
    await vm.sample(2000)
    await flushPromises()
    expect(text('viewers-now')).toBe('11')
    expect(text('viewers-peak')).toBe('11')
  })

  it('re-renders only the parts whose figures changed on a tick, never the whole component', async () => {
    const { room, stats } = fixtureRoom()
    const wrapper = await mountSuspended(LiveKitAnalytics, { props: { roomName: 'spring-sale', isHost: true, room }, global: { mixins: [trackUpdates] } })
    const vm = wrapper.vm as unknown as { sample: (at: number) => Promise<LiveMetricsSnapshot> }
    stats.local = [{ type: 'outbound-rtp', id: 'o1', kind: 'video', bytesSent: 0 }]
    await vm.sample(0)
    await flushPromises()
    updated.length = 0
    for (let i = 1; i <= 3; i++) {
      stats.local = [{ ...stats.local[0]!, bytesSent: i * 100_000 }]
      await vm.sample(i * 1000)
      await flushPromises()
    }
    expect(wrapper.get('[data-testid="upload"]').text()).toBe('800 kbps')
    expect(updated).toContain(AnalyticsNetwork)
    expect(updated).not.toContain('LiveKitAnalytics')
    // Nothing on the audience changed (same viewer counts): it was not re-rendered either.
    expect(updated).not.toContain(AnalyticsAudience)
  })

  it('in the studio shows the session sampler\'s figures without reading the Room\'s stats again', async () => {
    const { room, stats } = fixtureRoom()
    // The studio's one sampler (useBroadcastSession), driven by hand here instead of its 1 s timer.
    const sampler = markRaw(useStreamStats(room, { intervalMs: 0 }))
    const wrapper = await mountSuspended(LiveKitAnalytics, { props: { roomName: 'spring-sale', isHost: true, room, streamStats: sampler } })
    const vm = wrapper.vm as unknown as { sample: (at: number) => Promise<LiveMetricsSnapshot> }
    stats.local = [{ type: 'outbound-rtp', id: 'o1', kind: 'video', bytesSent: 0, frameWidth: 1280, frameHeight: 720, framesPerSecond: 30 }]
    await sampler.sample(0)
    stats.local = [{ ...stats.local[0]!, bytesSent: 250_000 }]
    await sampler.sample(1000)
    const reads = stats.reads
    expect(reads).toBe(4) // two samples × (host track + guest track)

    const snapshot = await vm.sample(1000)
    await flushPromises()
    expect(stats.reads).toBe(reads) // the component's tick read the sample, did not take another
    expect(wrapper.get('[data-testid="upload"]').text()).toBe('2000 kbps')
    expect(snapshot.network).toBe(sampler.network.value)
    // The studio's badge and `metrics-update` read the same sample.
    expect(sampler.stats.value).toMatchObject({ bitrateUpKbps: 2000, width: 1280, height: 720, fps: 30, connectionQuality: 'excellent' })
  })

  it('explains where network statistics come from when this device is not in the show (ops page)', async () => {
    const wrapper = await mountSuspended(LiveKitAnalytics, { props: { roomName: 'spring-sale' } })
    const vm = wrapper.vm as unknown as { sample: (at: number) => Promise<LiveMetricsSnapshot>, fetchServerFigures: () => Promise<void> }
    await vm.fetchServerFigures()
    const snapshot = await vm.sample(1000)
    await flushPromises()
    expect(wrapper.get('[data-testid="network-empty"]').text()).toMatch(/measured by a device that is in the show/)
    expect(wrapper.get('[data-testid="viewers-now"]').text()).toBe('3')
    expect(snapshot).toMatchObject({ roomName: 'spring-sale', network: null, audience: { viewers: 3, peakViewers: 9, isRecording: true } })
  })
})
