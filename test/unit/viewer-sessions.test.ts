import { describe, expect, it } from 'vitest'
import { viewerHistory, viewerSessions, type ViewerEventRow } from '../../server/utils/analytics/viewer-sessions'

const T = 1_700_000_000_000
const s = (seconds: number) => T + seconds * 1000
const join = (identity: string, at: number): ViewerEventRow => ({ identity, kind: 'join', at })
const leave = (identity: string, at: number): ViewerEventRow => ({ identity, kind: 'leave', at })

describe('viewerHistory', () => {
  it('derives concurrent viewers, peak, unique viewers and watch time from joins and leaves', () => {
    const rows = [
      join('a', s(10)), join('b', s(20)), join('c', s(30)),
      leave('a', s(40)), leave('b', s(50)), leave('c', s(70)),
    ]
    const history = viewerHistory(rows, { from: s(0), until: s(100) })
    expect(history.timeline).toEqual([
      [s(0), 0], [s(10), 1], [s(20), 2], [s(30), 3], [s(40), 2], [s(50), 1], [s(70), 0],
    ])
    expect(history.peak).toBe(3)
    expect(history.peakAt).toBe(s(30))
    expect(history.uniqueViewers).toBe(3)
    expect(history.joins).toBe(3)
    expect(history.leaves).toBe(3)
    // (30 + 30 + 40) / 3
    expect(history.averageWatchSeconds).toBe(33.3)
    expect(history.watchTime.find(b => b.label === '< 1 min')!.sessions).toBe(3)
  })

  it('does not count a leave and a join at the same instant as two viewers at once', () => {
    const rows = [join('a', s(1)), leave('a', s(5)), join('b', s(5)), leave('b', s(9))]
    const history = viewerHistory(rows, { from: s(0), until: s(10) })
    expect(history.peak).toBe(1)
    expect(history.timeline).toEqual([[s(0), 0], [s(1), 1], [s(5), 1], [s(9), 0]])
  })

  it('is independent of delivery order and pairs a whole-second leave with its own millisecond join', () => {
    // LiveKit stamps leaves in whole seconds: this leave sorts 300 ms before its join.
    const rows = [leave('a', s(3)), join('b', s(1)), join('a', s(3) + 300), leave('b', s(4))]
    const sessions = viewerSessions(rows)
    expect(sessions).toEqual(expect.arrayContaining([
      { identity: 'a', start: s(3) + 300, end: s(3) + 300 },
      { identity: 'b', start: s(1), end: s(4) },
    ]))
    const shuffled = viewerHistory([...rows].reverse(), { until: s(10) })
    expect(shuffled).toEqual(viewerHistory(rows, { until: s(10) }))
    expect(shuffled.peak).toBe(1)
  })

  it('keeps open sessions open while live and closes them at the end of a finished show', () => {
    const rows = [join('a', s(0)), join('b', s(60)), leave('b', s(120))]
    const live = viewerHistory(rows, { from: s(0), until: s(600), live: true })
    expect(live.timeline.at(-1)).toEqual([s(600), 1])
    expect(live.averageWatchSeconds).toBe(330)
    const ended = viewerHistory(rows, { from: s(0), until: s(600) })
    expect(ended.timeline.at(-1)).toEqual([s(600), 0])
    expect(ended.watchTime.map(b => b.sessions)).toEqual([0, 1, 1, 0, 0, 0])
  })

  it('counts a reconnecting identity once among unique viewers but both sessions in the timeline', () => {
    const rows = [join('a', s(0)), leave('a', s(10)), join('a', s(20)), leave('a', s(30)), join('b', s(25)), leave('b', s(26))]
    const history = viewerHistory(rows, { until: s(40) })
    expect(history.uniqueViewers).toBe(2)
    expect(history.peak).toBe(2)
    expect(history.timeline).toEqual([[s(0), 1], [s(10), 0], [s(20), 1], [s(25), 2], [s(26), 1], [s(30), 0]])
  })

  it('ignores a leave whose join never arrived, and answers an empty show with zeros', () => {
    const history = viewerHistory([leave('ghost', s(5))], { from: s(0), until: s(10) })
    expect(history).toMatchObject({ peak: 0, uniqueViewers: 0, averageWatchSeconds: 0, timeline: [[s(0), 0]] })
  })
})
