// Relays accepted chat into the LiveKit room in batches: per room at most one reliable sendData
// every `intervalMs` (150 ms) from this instance, each packet under CHAT_PACKET_MAX_BYTES (a bigger
// batch is split and the parts go out one per interval), and reaction counts summed per room and
// sent on the lossy topic every `reactionIntervalMs` (250 ms). A quiet room's first message goes
// out at once; the ones that follow within the interval wait for the next packet.
import { DataPacket_Kind } from 'livekit-server-sdk'
import { CHAT_TOPIC, REACTIONS_TOPIC, type ChatMessage, type ReactionKind, type ReactionPacket } from '#shared/types/chat'
import { CHAT_PACKET_MAX_BYTES, encodeChatPackets, encodeReactionPacket } from '#shared/utils/chat-packets'

export type DataSender = (room: string, data: Uint8Array, options: { reliable: boolean, topic: string }) => Promise<void>

export interface ChatRelayOptions {
  intervalMs?: number
  reactionIntervalMs?: number
  maxBytes?: number
  /** Failed sends of one packet are retried this many times, then dropped (clients refill from history). */
  retries?: number
  /** Sends that may wait for LiveKit's answer at once (each still starts one interval after the last). */
  maxInFlight?: number
}

interface RoomQueue {
  messages: ChatMessage[]
  deleted: string[]
  /** Encoded and waiting for their turn (a batch bigger than one packet). */
  packets: { data: Uint8Array, attempts: number }[]
  lastSentAt: number
  timer?: ReturnType<typeof setTimeout>
  /** Sends still waiting for LiveKit's answer. */
  inFlight: number
}

const NOT_LIVE = /not.?found|does not exist/i

export function createChatRelay(send: DataSender, options: ChatRelayOptions = {}) {
  const intervalMs = options.intervalMs ?? 150
  const reactionIntervalMs = options.reactionIntervalMs ?? 250
  const maxBytes = options.maxBytes ?? CHAT_PACKET_MAX_BYTES
  const retries = options.retries ?? 2
  // A SendData call can take longer than the interval when LiveKit is busy; a few may overlap so
  // throughput does not hang on its latency (clients order by id, so arrival order does not matter).
  const maxInFlight = options.maxInFlight ?? 3
  const rooms = new Map<string, RoomQueue>()
  const reactions = new Map<string, { counts: ReactionPacket['counts'], timer?: ReturnType<typeof setTimeout> }>()
  let sendCalls = 0

  function queueFor(room: string): RoomQueue {
    let queue = rooms.get(room)
    if (!queue) rooms.set(room, queue = { messages: [], deleted: [], packets: [], lastSentAt: 0, inFlight: 0 })
    return queue
  }

  const pending = (queue: RoomQueue) => queue.messages.length + queue.deleted.length + queue.packets.length > 0

  function schedule(room: string, queue: RoomQueue) {
    if (queue.timer || queue.inFlight >= maxInFlight || !pending(queue)) return
    const wait = Math.max(0, queue.lastSentAt + intervalMs - Date.now())
    queue.timer = setTimeout(() => flush(room, queue), wait)
  }

  function flush(room: string, queue: RoomQueue) {
    queue.timer = undefined
    if (!queue.packets.length) {
      queue.packets = encodeChatPackets(queue.messages, queue.deleted, maxBytes).map(data => ({ data, attempts: 0 }))
      queue.messages = []
      queue.deleted = []
    }
    const packet = queue.packets.shift()
    if (!packet) return
    queue.inFlight++
    queue.lastSentAt = Date.now()
    sendCalls++
    send(room, packet.data, { reliable: true, topic: CHAT_TOPIC })
      .catch((error) => {
        const message = error instanceof Error ? error.message : String(error)
        if (NOT_LIVE.test(message)) {
          // No room (not live): nobody to tell; the history has it for whoever joins.
          queue.packets = []
        }
        else if (++packet.attempts <= retries) {
          queue.packets.unshift(packet)
        }
        else {
          console.warn(`[chat] dropped a chat packet for room ${room} after ${packet.attempts} attempts: ${message}`)
        }
      })
      .finally(() => {
        queue.inFlight--
        settle(room, queue)
      })
    schedule(room, queue)
  }

  function settle(room: string, queue: RoomQueue) {
    if (pending(queue)) return schedule(room, queue)
    // Forget an idle room once its lastSentAt no longer limits anything.
    setTimeout(() => {
      const idle = !pending(queue) && !queue.timer && !queue.inFlight && Date.now() - queue.lastSentAt >= intervalMs
      if (idle && rooms.get(room) === queue) rooms.delete(room)
    }, intervalMs).unref?.()
  }

  function relayMessage(room: string, message: ChatMessage) {
    const queue = queueFor(room)
    queue.messages.push(message)
    schedule(room, queue)
  }

  function relayDeletion(room: string, id: string) {
    const queue = queueFor(room)
    queue.deleted.push(id)
    schedule(room, queue)
  }

  function addReaction(room: string, kind: ReactionKind, count = 1) {
    let entry = reactions.get(room)
    if (!entry) reactions.set(room, entry = { counts: {} })
    entry.counts[kind] = (entry.counts[kind] ?? 0) + count
    if (entry.timer) return
    const current = entry
    current.timer = setTimeout(() => {
      reactions.delete(room)
      sendCalls++
      send(room, encodeReactionPacket(current.counts), { reliable: false, topic: REACTIONS_TOPIC }).catch((error) => {
        const message = error instanceof Error ? error.message : String(error)
        if (!NOT_LIVE.test(message)) console.warn(`[chat] reaction counts for room ${room} not sent: ${message}`)
      })
    }, reactionIntervalMs)
  }

  /** Rooms with something waiting (tests, shutdown). */
  const busy = () => [...rooms.values()].some(queue => pending(queue) || queue.inFlight > 0) || reactions.size > 0

  return { relayMessage, relayDeletion, addReaction, busy, sendCalls: () => sendCalls }
}

export type ChatRelay = ReturnType<typeof createChatRelay>

let relay: ChatRelay | undefined

/** This instance's relay, sending through the RoomService client. */
export function useChatRelay(): ChatRelay {
  relay ??= createChatRelay(async (room, data, { reliable, topic }) => {
    await useRoomService().sendData(room, data, reliable ? DataPacket_Kind.RELIABLE : DataPacket_Kind.LOSSY, { topic })
  })
  return relay
}
