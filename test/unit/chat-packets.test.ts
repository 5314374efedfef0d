// The client's only door for room data: server packets of known topics and exact shapes pass,
// everything else (another topic, a participant's packet, bad JSON, wrong shapes) is dropped; and
// the server's packets stay under the size limit however big the batch.
import { describe, expect, it } from 'vitest'
import { CHAT_TOPIC, REACTIONS_TOPIC, type ChatMessage } from '../../shared/types/chat'
import { encodeChatPackets, encodeReactionPacket, mergeChatMessages, parseChatPacket, parseReactionPacket } from '../../shared/utils/chat-packets'

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))
const message = (id: string, text = 'hello'): ChatMessage => ({ id, chatterId: 'c1', name: 'Anna', role: 'viewer', text, createdAt: 1 })
const server = { topic: CHAT_TOPIC }

describe('parseChatPacket', () => {
  it('accepts the server\'s batch', () => {
    const packet = { v: 1, messages: [message('a'), { ...message('b'), role: 'host' }], deleted: ['x'] }
    expect(parseChatPacket(bytes(packet), server)).toEqual(packet)
  })

  it('ignores packets a participant sent, even with the right topic and shape', () => {
    const packet = { v: 1, messages: [message('a')], deleted: [] }
    expect(parseChatPacket(bytes(packet), { topic: CHAT_TOPIC, participantIdentity: 'mallory-1' })).toBeNull()
  })

  it.each([
    ['another topic', { v: 1, messages: [], deleted: [] }, { topic: 'lk.chat' }],
    ['no topic', { v: 1, messages: [], deleted: [] }, {}],
    ['not JSON', '<img src=x onerror=alert(1)>', server],
    ['wrong version', { v: 2, messages: [], deleted: [] }, server],
    ['a message without id', { v: 1, messages: [{ ...message('a'), id: undefined }], deleted: [] }, server],
    ['an unknown role', { v: 1, messages: [{ ...message('a'), role: 'admin' }], deleted: [] }, server],
    ['an over-long text', { v: 1, messages: [message('a', 'x'.repeat(301))], deleted: [] }, server],
    ['a deleted id that is not an id', { v: 1, messages: [], deleted: ['../x'] }, server],
    ['an array', [], server],
  ])('ignores %s', (_what, payload, origin) => {
    expect(parseChatPacket(bytes(payload), origin)).toBeNull()
  })

  it('ignores bytes that are not UTF-8', () => {
    expect(parseChatPacket(new Uint8Array([0xFF, 0xFE, 0x7B]), server)).toBeNull()
  })
})

describe('parseReactionPacket', () => {
  it('accepts counts of known kinds from the server only', () => {
    expect(parseReactionPacket(encodeReactionPacket({ heart: 3, fire: 1 }), { topic: REACTIONS_TOPIC })).toEqual({ v: 1, counts: { heart: 3, fire: 1 } })
    expect(parseReactionPacket(encodeReactionPacket({ heart: 3 }), { topic: REACTIONS_TOPIC, participantIdentity: 'p' })).toBeNull()
    expect(parseReactionPacket(bytes({ v: 1, counts: { bomb: 1 } }), { topic: REACTIONS_TOPIC })).toBeNull()
    expect(parseReactionPacket(bytes({ v: 1, counts: { heart: -1 } }), { topic: REACTIONS_TOPIC })).toBeNull()
    expect(parseReactionPacket(bytes({ v: 1, counts: { heart: 1.5 } }), { topic: REACTIONS_TOPIC })).toBeNull()
  })
})

describe('encodeChatPackets', () => {
  it('splits a big batch into packets under the limit, keeping every item once and in order', () => {
    const messages = Array.from({ length: 200 }, (_, i) => message(`m${String(i).padStart(3, '0')}`, 'é'.repeat(300)))
    const deleted = ['d1', 'd2']
    const packets = encodeChatPackets(messages, deleted, 14 * 1024)
    expect(packets.length).toBeGreaterThan(1)
    for (const packet of packets) expect(packet.byteLength).toBeLessThanOrEqual(14 * 1024)
    const parsed = packets.map(packet => parseChatPacket(packet, server)!)
    expect(parsed.flatMap(p => p.messages.map(m => m.id))).toEqual(messages.map(m => m.id))
    expect(parsed.flatMap(p => p.deleted)).toEqual(deleted)
    expect(parsed[0]!.deleted).toEqual(deleted)
  })

  it('sends nothing for nothing', () => {
    expect(encodeChatPackets([], [])).toEqual([])
  })
})

describe('mergeChatMessages', () => {
  it('merges history and live batches by id, in id order, without duplicates or deleted ones', () => {
    const history = [message('a'), message('b'), message('c')]
    const live = [message('c'), message('e'), message('d')]
    expect(mergeChatMessages(history, live, ['b']).map(m => m.id)).toEqual(['a', 'c', 'd', 'e'])
  })
})
