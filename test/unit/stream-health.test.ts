import { describe, expect, it } from 'vitest'
import { streamHealth, trackOf, type PublisherEventRow } from '../../server/utils/analytics/stream-health'

const T = Date.UTC(2026, 0, 1, 18)
const s = (seconds: number) => T + seconds * 1000
const video = (kind: 'track_published' | 'track_unpublished', at: number, sid: string, identity = 'host'): PublisherEventRow =>
  ({ kind, at, identity, trackSid: sid, trackType: 'VIDEO' })

describe('streamHealth', () => {
  it('reports 100 % video on air for a host who published once and left', () => {
    const health = streamHealth([
      { kind: 'participant_joined', at: s(0), identity: 'host' },
      video('track_published', s(2), 'TR_cam'),
      { kind: 'track_published', at: s(2), identity: 'host', trackSid: 'TR_mic', trackType: 'AUDIO' },
      { kind: 'participant_left', at: s(602), identity: 'host' },
    ], s(700))
    expect(health).toEqual({ publisherSessions: 1, videoOnAirPct: 100, videoGaps: [] })
  })

  it('finds the gap when the host dropped out and came back, and the share of the broadcast with video', () => {
    const health = streamHealth([
      { kind: 'participant_joined', at: s(0), identity: 'host' },
      video('track_published', s(0), 'TR_1'),
      { kind: 'participant_left', at: s(300), identity: 'host' }, // dropped: its track ends here
      { kind: 'participant_joined', at: s(330), identity: 'host' },
      video('track_published', s(330), 'TR_2'),
      video('track_unpublished', s(600), 'TR_2'),
      { kind: 'participant_left', at: s(600), identity: 'host' },
    ], s(900))
    expect(health.publisherSessions).toBe(2)
    expect(health.videoOnAirPct).toBe(95) // 570 of 600 s
    expect(health.videoGaps).toEqual([{ from: new Date(s(300)).toISOString(), to: new Date(s(330)).toISOString(), seconds: 30 }])
  })

  it('counts overlapping camera and screen share once, and a live show up to now', () => {
    const health = streamHealth([
      { kind: 'participant_joined', at: s(0), identity: 'host' },
      video('track_published', s(10), 'TR_cam'),
      video('track_published', s(20), 'TR_screen'),
      video('track_unpublished', s(30), 'TR_cam'),
      video('track_unpublished', s(40), 'TR_screen'),
    ], s(50))
    expect(health.videoOnAirPct).toBe(75) // 30 of 40 s (10 → 50)
    expect(health.videoGaps.map(g => g.seconds)).toEqual([10])
  })

  it('says nothing about video when none was published', () => {
    expect(streamHealth([{ kind: 'participant_joined', at: s(0), identity: 'host' }], s(10))).toEqual({ publisherSessions: 1, videoOnAirPct: null, videoGaps: [] })
    expect(trackOf('{"event":"track_published","track":{"sid":"TR_1","type":"VIDEO"}}')).toEqual({ sid: 'TR_1', type: 'VIDEO' })
    expect(trackOf('not json')).toBeNull()
  })
})

describe('streamHealth timing noise', () => {
  it('ignores gaps under 2 s (events are stamped in whole seconds)', () => {
    const health = streamHealth([
      { kind: 'participant_joined', at: s(0), identity: 'host' },
      video('track_published', s(1), 'TR_cam'),
      video('track_unpublished', s(100), 'TR_cam'),
      { kind: 'participant_left', at: s(100) + 900, identity: 'host' },
    ], s(200))
    expect(health).toEqual({ publisherSessions: 1, videoOnAirPct: 100, videoGaps: [] })
  })
})
