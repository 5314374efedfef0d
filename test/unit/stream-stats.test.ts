import { describe, expect, it } from 'vitest'
import { summarizeStats, type RtcStatLike } from '../../utils/stream-stats'

describe('summarizeStats', () => {
  it('turns byte counters into kbit/s between two samples and keeps the biggest layer', () => {
    const at0: RtcStatLike[] = [
      { type: 'outbound-rtp', kind: 'video', bytesSent: 10_000, frameWidth: 320, frameHeight: 180, framesPerSecond: 15 },
      { type: 'outbound-rtp', kind: 'video', bytesSent: 50_000, frameWidth: 1280, frameHeight: 720, framesPerSecond: 29.6 },
      { type: 'remote-inbound-rtp', roundTripTime: 0.02, jitter: 0.004, fractionLost: 0.01 },
    ]
    const first = summarizeStats(at0, null, 1_000)
    expect(first.stats.bitrateUpKbps).toBe(0) // no previous sample yet
    const at1 = at0.map(entry => entry.type === 'outbound-rtp' ? { ...entry, bytesSent: entry.bytesSent! + 125_000 } : entry)
    const second = summarizeStats(at1, first.counters, 2_000, 'excellent')
    expect(second.stats).toMatchObject({
      bitrateUpKbps: 2000, // 250 000 bytes in 1 s = 2000 kbit/s
      rttMs: 20,
      jitterMs: 4,
      packetLossPct: 1,
      fps: 30,
      width: 1280,
      height: 720,
      connectionQuality: 'excellent',
    })
  })

  it('computes receive loss from packet counters and RTT from the selected candidate pair', () => {
    const before = summarizeStats([{ type: 'inbound-rtp', kind: 'video', bytesReceived: 0, packetsReceived: 100, packetsLost: 0 }], null, 0)
    const after = summarizeStats([
      { type: 'inbound-rtp', kind: 'video', bytesReceived: 62_500, packetsReceived: 190, packetsLost: 10, jitter: 0.01, frameWidth: 640, frameHeight: 360, framesPerSecond: 15 },
      { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.003 },
      { type: 'candidate-pair', state: 'failed', currentRoundTripTime: 9 },
    ], before.counters, 500)
    expect(after.stats.bitrateDownKbps).toBe(1000)
    expect(after.stats.packetLossPct).toBe(10) // 10 lost of 100 expected in the interval
    expect(after.stats.rttMs).toBe(3)
    expect(after.stats.jitterMs).toBe(10)
    expect([after.stats.width, after.stats.height, after.stats.fps]).toEqual([640, 360, 15])
  })

  it('reports nothing measured rather than zeros it does not know', () => {
    const { stats } = summarizeStats([], null, 0)
    expect(stats).toMatchObject({ rttMs: null, jitterMs: null, packetLossPct: null, fps: null, width: null, connectionQuality: 'unknown' })
  })
})
