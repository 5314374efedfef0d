// The viewer's check of the room metadata: a good state parses whole, anything misshapen is ignored.
import { describe, expect, it } from 'vitest'
import { parseLiveState } from '../../shared/utils/parse-live-state'
import { EMPTY_LIVE_STATE } from '../../shared/types/live-state'

const sale = { id: 's1', productId: 'p1', variantId: null, price: 999, currency: 'EUR', quantity: 10, remaining: 4, perBuyerLimit: 2, endsAt: 1_800_000_000_000 }
const full = { version: 7, spotlight: ['p1', 'p2'], flashSale: sale, pinned: { id: 'm1', name: 'Host', text: 'Hi' }, chat: { enabled: false, slowModeSeconds: 5 }, updatedAt: 1_700_000_000_000 }

describe('parseLiveState', () => {
  it('parses what the server writes', () => {
    expect(parseLiveState(JSON.stringify(full))).toEqual(full)
  })

  it('fills fields an older server did not write', () => {
    expect(parseLiveState(JSON.stringify({ version: 2, spotlight: ['p1'] }))).toEqual({ ...EMPTY_LIVE_STATE, version: 2, spotlight: ['p1'] })
  })

  it.each([
    ['not JSON', '{'],
    ['no version', JSON.stringify({ spotlight: [] })],
    ['a spotlight that is not a list of ids', JSON.stringify({ ...full, spotlight: 'p1' })],
    ['more than 3 products', JSON.stringify({ ...full, spotlight: ['a', 'b', 'c', 'd'] })],
    ['a sale without a price', JSON.stringify({ ...full, flashSale: { ...sale, price: 'free' } })],
    ['a negative remaining', JSON.stringify({ ...full, flashSale: { ...sale, remaining: -1 } })],
    ['a pinned message without text', JSON.stringify({ ...full, pinned: { id: 'm1', name: 'Host' } })],
    ['chat settings of the wrong type', JSON.stringify({ ...full, chat: { enabled: 'yes', slowModeSeconds: 1 } })],
    ['an array', '[]'],
  ])('ignores %s', (_why, metadata) => {
    expect(parseLiveState(metadata)).toBeNull()
  })

  it('ignores empty metadata (a room the server never wrote to)', () => {
    expect(parseLiveState('')).toBeNull()
    expect(parseLiveState(undefined)).toBeNull()
  })
})
