// Encoding (server) and strict parsing (client) of the data packets the server relays into a room.
// A client must act only on the server's packets: anything on another topic, from a participant,
// not JSON, or not exactly these shapes is dropped (null). Kept dependency-free: it runs in the
// viewer's bundle, where every kilobyte counts.
import {
  CHAT_TEXT_MAX, CHAT_TOPIC, REACTION_KINDS, REACTIONS_TOPIC,
  type ChatMessage, type ChatPacket, type ChatRole, type ReactionKind, type ReactionPacket,
} from '../types/chat'

const ROLES: readonly ChatRole[] = ['viewer', 'host', 'ops']
const ID = /^[\w-]{1,64}$/
/** Packets stay under LiveKit's 15 KiB guidance for reliable data. */
export const CHAT_PACKET_MAX_BYTES = 14 * 1024

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function isChatMessage(value: unknown): value is ChatMessage {
  if (!isRecord(value)) return false
  return typeof value.id === 'string' && ID.test(value.id)
    && typeof value.chatterId === 'string' && ID.test(value.chatterId)
    && typeof value.name === 'string' && value.name.length > 0 && value.name.length <= 64
    && typeof value.role === 'string' && ROLES.includes(value.role as ChatRole)
    && typeof value.text === 'string' && value.text.length > 0 && value.text.length <= CHAT_TEXT_MAX
    && typeof value.createdAt === 'number' && Number.isFinite(value.createdAt)
    && (value.shadow === undefined || value.shadow === true)
}

function decodeJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload))
  }
  catch {
    return undefined
  }
}

/** Who sent a packet, as livekit-client reports it: undefined for the server. */
export interface PacketOrigin {
  topic?: string
  /** Set when a participant sent it: never trusted. */
  participantIdentity?: string
}

export function parseChatPacket(payload: Uint8Array, origin: PacketOrigin): ChatPacket | null {
  if (origin.topic !== CHAT_TOPIC || origin.participantIdentity) return null
  const data = decodeJson(payload)
  if (!isRecord(data) || data.v !== 1 || !Array.isArray(data.messages) || !Array.isArray(data.deleted)) return null
  if (!data.messages.every(isChatMessage)) return null
  if (!data.deleted.every(id => typeof id === 'string' && ID.test(id))) return null
  return { v: 1, messages: data.messages as ChatMessage[], deleted: data.deleted as string[] }
}

export function parseReactionPacket(payload: Uint8Array, origin: PacketOrigin): ReactionPacket | null {
  if (origin.topic !== REACTIONS_TOPIC || origin.participantIdentity) return null
  const data = decodeJson(payload)
  if (!isRecord(data) || data.v !== 1 || !isRecord(data.counts)) return null
  const counts: ReactionPacket['counts'] = {}
  for (const [kind, count] of Object.entries(data.counts)) {
    if (!REACTION_KINDS.includes(kind as ReactionKind)) return null
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1_000_000) return null
    counts[kind as ReactionKind] = count
  }
  return { v: 1, counts }
}

const encoder = new TextEncoder()

/**
 * Packs messages and deletions into as few packets as fit under `maxBytes` each (deletions first:
 * they are tiny and must not wait behind a long batch). One message never exceeds the limit
 * (300 characters of text), so every packet carries at least one item.
 */
export function encodeChatPackets(messages: ChatMessage[], deleted: string[], maxBytes = CHAT_PACKET_MAX_BYTES): Uint8Array[] {
  const packets: Uint8Array[] = []
  let current: ChatPacket = { v: 1, messages: [], deleted: [] }
  let size = encoder.encode(JSON.stringify(current)).length
  const flush = () => {
    if (current.messages.length || current.deleted.length) packets.push(encoder.encode(JSON.stringify(current)))
    current = { v: 1, messages: [], deleted: [] }
    size = encoder.encode(JSON.stringify(current)).length
  }
  const add = (json: string, push: () => void) => {
    const bytes = encoder.encode(json).length + 1 // +1 for the comma between items
    if (size + bytes > maxBytes) flush()
    push()
    size += bytes
  }
  for (const id of deleted) add(JSON.stringify(id), () => current.deleted.push(id))
  for (const message of messages) add(JSON.stringify(message), () => current.messages.push(message))
  flush()
  return packets
}

export function encodeReactionPacket(counts: ReactionPacket['counts']): Uint8Array {
  return encoder.encode(JSON.stringify({ v: 1, counts } satisfies ReactionPacket))
}

/**
 * Merges a batch into a list ordered by id (ids sort by time), dropping duplicates and deleted
 * ids: live packets and history pages can overlap or arrive in any order.
 */
export function mergeChatMessages(current: ChatMessage[], incoming: ChatMessage[], deleted: Iterable<string> = []): ChatMessage[] {
  const gone = new Set(deleted)
  const byId = new Map<string, ChatMessage>()
  for (const message of current) if (!gone.has(message.id)) byId.set(message.id, message)
  for (const message of incoming) if (!gone.has(message.id)) byId.set(message.id, message)
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
