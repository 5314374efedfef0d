import { describe, expect, it } from 'vitest'
import { counterDelta, pushRolling, reduceNetwork, streamStatsOf, type RtcStatsEntry, type StatsSample } from '../../utils/live-metrics'

const host = (entries: RtcStatsEntry[], quality = 'excellent') => ({ identity: 'host-1', name: 'Host', local: true, quality, entries })
const viewerOf = (entries: RtcStatsEntry[]) => ({ identity: 'host-1', name: 'Host', local: false, quality: 'good', entries })
const outbound = (id: string, bytesSent: number, extra: Partial<RtcStatsEntry> = {}): RtcStatsEntry => ({ type: 'outbound-rtp', id, kind: 'video', bytesSent, ...extra })
const inbound = (id: string, bytesReceived: number, packetsReceived: number, packetsLost: number, extra: Partial<RtcStatsEntry> = {}): RtcStatsEntry =>
  ({ type: 'inbound-rtp', id, kind: 'video', bytesReceived, packetsReceived, packetsLost, ...extra })

function run(samples: StatsSample[]) {
  let state = null
  const out = []
  for (const sample of samples) {
    const result = reduceNetwork(state, sample)
    state = result.state
    out.push(result.metrics)
  }
  return out
}

describe('counterDelta', () => {
  it('is the growth of a counter, and the whole value after a reset or for a new counter', () => {
    expect(counterDelta(1500, 1000)).toBe(500)
    expect(counterDelta(1000, 1000)).toBe(0)
    expect(counterDelta(300, 1000)).toBe(300) // reset: 300 counted since
    expect(counterDelta(700, undefined)).toBe(700)
  })
})

describe('reduceNetwork', () => {
  it('derives upload bitrate from byte counters over time (kbit/s), 0 for the first sample', () => {
    const metrics = run([
      { at: 0, participants: [host([outbound('o1', 10_000)])] },
      { at: 1000, participants: [host([outbound('o1', 110_000)])] }, // 100 kB in 1 s = 800 kbit/s
      { at: 3000, participants: [host([outbound('o1', 160_000)])] }, // 50 kB in 2 s = 200 kbit/s
    ])
    expect(metrics.map(m => m.uploadKbps)).toEqual([0, 800, 200])
  })

  it('sums simulcast layers and adds a layer that appears mid-way from zero', () => {
    const metrics = run([
      { at: 0, participants: [host([outbound('q', 1000), outbound('h', 2000)])] },
      { at: 1000, participants: [host([outbound('q', 26_000), outbound('h', 52_000), outbound('f', 25_000)])] },
    ])
    // (25,000 + 50,000 + 25,000) bytes × 8 / 1 s
    expect(metrics[1]!.uploadKbps).toBe(800)
  })

  it('counts a reset counter from zero instead of reporting a negative or skipped rate', () => {
    const metrics = run([
      { at: 0, participants: [viewerOf([inbound('i1', 500_000, 5000, 10)])] },
      { at: 1000, participants: [viewerOf([inbound('i1', 600_000, 5100, 10)])] },
      // ICE restart: the same id starts over.
      { at: 2000, participants: [viewerOf([inbound('i1', 40_000, 90, 10)])] },
      { at: 3000, participants: [viewerOf([inbound('i1', 140_000, 190, 10)])] },
    ])
    expect(metrics.map(m => m.downloadKbps)).toEqual([0, 800, 320, 800])
    // After the reset 90 received + 10 lost → 10 %; next second none lost.
    expect(metrics.map(m => m.packetLossPct)).toEqual([null, 0, 10, 0])
  })

  it('computes packet loss as lost / (received + lost) over the interval, across streams', () => {
    const metrics = run([
      { at: 0, participants: [viewerOf([inbound('v', 0, 1000, 0), { ...inbound('a', 0, 500, 0), kind: 'audio' }])] },
      { at: 1000, participants: [viewerOf([inbound('v', 0, 1970, 30), { ...inbound('a', 0, 990, 10), kind: 'audio' }])] },
    ])
    // lost 40, received 1460 → 40 / 1500
    expect(metrics[1]!.packetLossPct).toBe(2.7)
  })

  it('reads RTT and jitter in ms, counts a shared transport once, and reports the video each participant sends or receives', () => {
    const candidate: RtcStatsEntry = { type: 'candidate-pair', id: 'cp', state: 'succeeded', nominated: true, currentRoundTripTime: 0.042 }
    const sample: StatsSample = {
      at: 0,
      participants: [
        host([outbound('o-h', 0, { frameWidth: 1280, frameHeight: 720, framesPerSecond: 29.6 }), outbound('o-q', 0, { frameWidth: 320, frameHeight: 180 }),
          { type: 'remote-inbound-rtp', id: 'ri', roundTripTime: 0.038, jitter: 0.004 }, candidate]),
        { identity: 'guest', name: 'Guest', local: false, quality: 'poor', entries: [inbound('in', 0, 0, 0, { frameWidth: 640, frameHeight: 360, framesPerSecond: 15, jitter: 0.012 }), candidate] },
      ],
    }
    const [metrics] = run([sample])
    expect(metrics!.rttMs).toBe(40) // (38 + 42) / 2: the shared candidate pair once
    expect(metrics!.jitterMs).toBe(8) // (4 + 12) / 2
    expect(metrics!.participants).toEqual([
      { identity: 'host-1', name: 'Host', local: true, quality: 'excellent', video: { width: 1280, height: 720, fps: 30 } },
      { identity: 'guest', name: 'Guest', local: false, quality: 'poor', video: { width: 640, height: 360, fps: 15 } },
    ])
  })
})

// The studio's one-line view (badges, `metrics-update`), from the same reducer.
describe('streamStatsOf', () => {
  const stats = (samples: StatsSample[]) => run(samples).map((metrics, i) => streamStatsOf(metrics, samples[i]!.at))

  it('turns byte counters into kbit/s between two samples and keeps the biggest layer', () => {
    const at0 = [
      outbound('q', 10_000, { frameWidth: 320, frameHeight: 180, framesPerSecond: 15 }),
      outbound('f', 50_000, { frameWidth: 1280, frameHeight: 720, framesPerSecond: 29.6 }),
      { type: 'remote-inbound-rtp', id: 'ri', roundTripTime: 0.02, jitter: 0.004, fractionLost: 0.01 },
    ]
    const at1 = at0.map(entry => entry.type === 'outbound-rtp' ? { ...entry, bytesSent: entry.bytesSent! + 125_000 } : entry)
    const [first, second] = stats([{ at: 1_000, participants: [host(at0)] }, { at: 2_000, participants: [host(at1)] }])
    expect(first!.bitrateUpKbps).toBe(0) // no previous sample yet
    expect(second).toEqual({
      at: 2_000,
      bitrateUpKbps: 2000, // 250 000 bytes in 1 s = 2000 kbit/s
      bitrateDownKbps: 0,
      rttMs: 20,
      jitterMs: 4,
      packetLossPct: 1, // what the SFU reports on the sent media (nothing received)
      fps: 30,
      width: 1280,
      height: 720,
      connectionQuality: 'excellent',
    })
  })

  it('computes receive loss from packet counters and RTT from the selected candidate pair', () => {
    const [, after] = stats([
      { at: 0, participants: [viewerOf([inbound('in', 0, 100, 0)])] },
      { at: 500, participants: [viewerOf([
        inbound('in', 62_500, 190, 10, { jitter: 0.01, frameWidth: 640, frameHeight: 360, framesPerSecond: 15 }),
        { type: 'candidate-pair', id: 'cp1', state: 'succeeded', nominated: true, currentRoundTripTime: 0.003 },
        { type: 'candidate-pair', id: 'cp2', state: 'failed', currentRoundTripTime: 9 },
      ])] },
    ])
    expect(after!.bitrateDownKbps).toBe(1000)
    expect(after!.packetLossPct).toBe(10) // 10 lost of 100 expected in the interval
    expect(after!.rttMs).toBe(3)
    expect(after!.jitterMs).toBe(10)
    expect([after!.width, after!.height, after!.fps]).toEqual([640, 360, 15])
  })

  it('takes the worse of received loss and the loss the SFU reports on sent media', () => {
    const [, after] = stats([
      { at: 0, participants: [host([{ type: 'remote-inbound-rtp', id: 'ri', fractionLost: 0.02 }]), viewerOf([inbound('in', 0, 100, 0)])] },
      { at: 1000, participants: [host([{ type: 'remote-inbound-rtp', id: 'ri', fractionLost: 0.02 }]), viewerOf([inbound('in', 0, 195, 5)])] },
    ])
    expect(after!.packetLossPct).toBe(5)
  })

  it('reports nothing measured rather than zeros it does not know', () => {
    const [only] = stats([{ at: 0, participants: [] }])
    expect(only).toMatchObject({ rttMs: null, jitterMs: null, packetLossPct: null, fps: null, width: null, connectionQuality: 'unknown' })
  })
})

describe('pushRolling', () => {
  it('keeps the last window of points', () => {
    let series: Array<{ at: number, v: number }> = []
    for (let at = 0; at <= 70_000; at += 10_000) series = pushRolling(series, { at, v: at }, 60_000)
    expect(series.map(p => p.at)).toEqual([20_000, 30_000, 40_000, 50_000, 60_000, 70_000])
  })
})
