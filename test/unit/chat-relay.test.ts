// The relay's promises: per room at most one reliable send per interval, every message delivered
// once and in order (split into packets under the size limit when the batch is big), failures
// retried, and reactions summed into one lossy packet per room per interval.
import { describe, expect, it } from 'vitest'
import { createChatRelay, type DataSender } from '../../server/utils/chat/relay'
import { CHAT_TOPIC, REACTIONS_TOPIC, type ChatMessage } from '../../shared/types/chat'
import { parseChatPacket, parseReactionPacket } from '../../shared/utils/chat-packets'

interface Sent { room: string, at: number, data: Uint8Array, reliable: boolean, topic: string }

function recorder(fail: (call: number) => Error | null = () => null) {
  const sent: Sent[] = []
  let calls = 0
  const send: DataSender = async (room, data, { reliable, topic }) => {
    const error = fail(++calls)
    if (error) throw error
    sent.push({ room, at: Date.now(), data, reliable, topic })
  }
  return { sent, send }
}

const message = (i: number, text = `message ${i}`): ChatMessage => ({ id: `m${String(i).padStart(5, '0')}`, chatterId: 'c1', name: 'Anna', role: 'viewer', text, createdAt: i })
const idle = async (relay: { busy: () => boolean }) => {
  while (relay.busy()) await new Promise(resolve => setTimeout(resolve, 10))
}

describe('chat relay', () => {
  it('sends a quiet room\'s first message at once and batches the rest, never two sends within the interval', async () => {
    const { sent, send } = recorder()
    const relay = createChatRelay(send, { intervalMs: 50 })
    relay.relayMessage('show-a', message(0))
    await new Promise(resolve => setTimeout(resolve, 5))
    for (let i = 1; i <= 30; i++) {
      relay.relayMessage('show-a', message(i))
      relay.relayMessage('show-b', message(i))
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    await idle(relay)
    const a = sent.filter(s => s.room === 'show-a')
    const ids = a.flatMap(s => parseChatPacket(s.data, { topic: s.topic })!.messages.map(m => m.id))
    expect(ids).toEqual(Array.from({ length: 31 }, (_, i) => message(i).id))
    expect(parseChatPacket(a[0]!.data, { topic: CHAT_TOPIC })!.messages).toHaveLength(1)
    expect(a.length).toBeLessThan(31)
    for (let i = 1; i < a.length; i++) expect(a[i]!.at - a[i - 1]!.at).toBeGreaterThanOrEqual(45)
    expect(sent.every(s => s.reliable && s.topic === CHAT_TOPIC)).toBe(true)
    expect(sent.filter(s => s.room === 'show-b').flatMap(s => parseChatPacket(s.data, { topic: s.topic })!.messages)).toHaveLength(30)
  })

  it('splits a batch over the size limit and sends the parts one interval apart', async () => {
    const { sent, send } = recorder()
    const relay = createChatRelay(send, { intervalMs: 30, maxBytes: 2000 })
    relay.relayMessage('show', message(0))
    for (let i = 1; i <= 20; i++) relay.relayMessage('show', message(i, 'x'.repeat(280)))
    relay.relayDeletion('show', message(0).id)
    await idle(relay)
    expect(sent.length).toBeGreaterThan(3)
    for (const s of sent) expect(s.data.byteLength).toBeLessThanOrEqual(2000)
    const packets = sent.map(s => parseChatPacket(s.data, { topic: s.topic })!)
    expect(packets.flatMap(p => p.messages.map(m => m.id))).toEqual(Array.from({ length: 21 }, (_, i) => message(i).id))
    expect(packets.flatMap(p => p.deleted)).toEqual([message(0).id])
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(25)
  })

  it('keeps up when LiveKit answers slowly: a few sends overlap, each still an interval after the last', async () => {
    const starts: number[] = []
    let inFlight = 0
    let most = 0
    const delivered: string[] = []
    const relay = createChatRelay(async (_room, data, { topic }) => {
      starts.push(Date.now())
      most = Math.max(most, ++inFlight)
      await new Promise(resolve => setTimeout(resolve, 120))
      inFlight--
      delivered.push(...parseChatPacket(data, { topic })!.messages.map(m => m.id))
    }, { intervalMs: 30, maxBytes: 600 })
    for (let i = 0; i < 20; i++) relay.relayMessage('show', message(i, 'y'.repeat(200)))
    await idle(relay)
    expect(most).toBeGreaterThan(1)
    expect(most).toBeLessThanOrEqual(3)
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(25)
    expect(delivered.sort()).toEqual(Array.from({ length: 20 }, (_, i) => message(i).id))
  })

  it('retries a failed send, and drops quietly when the room is not live', async () => {
    const { sent, send } = recorder(call => (call === 1 ? new Error('socket hang up') : null))
    const relay = createChatRelay(send, { intervalMs: 10 })
    relay.relayMessage('show', message(1))
    await idle(relay)
    expect(sent.flatMap(s => parseChatPacket(s.data, { topic: s.topic })!.messages.map(m => m.id))).toEqual([message(1).id])

    const gone = recorder(() => new Error('requested room does not exist'))
    const quiet = createChatRelay(gone.send, { intervalMs: 10 })
    quiet.relayMessage('nowhere', message(2))
    await idle(quiet)
    expect(gone.sent).toEqual([])
    expect(quiet.sendCalls()).toBe(1)
  })

  it('sums reactions per room into one lossy packet per interval', async () => {
    const { sent, send } = recorder()
    const relay = createChatRelay(send, { reactionIntervalMs: 40 })
    for (let i = 0; i < 1000; i++) relay.addReaction('show', i % 10 ? 'heart' : 'fire')
    relay.addReaction('other', 'clap', 2)
    await idle(relay)
    expect(sent).toHaveLength(2)
    const show = sent.find(s => s.room === 'show')!
    expect(show.reliable).toBe(false)
    expect(show.topic).toBe(REACTIONS_TOPIC)
    expect(parseReactionPacket(show.data, { topic: show.topic })!.counts).toEqual({ heart: 900, fire: 100 })
    expect(parseReactionPacket(sent.find(s => s.room === 'other')!.data, { topic: REACTIONS_TOPIC })!.counts).toEqual({ clap: 2 })
  })
})
