import type { ChatSettingsState, PinnedMessageState } from './live-state'

// Chat, reactions and moderation: the shapes the server sends (HTTP answers and the data packets it
// relays into the LiveKit room) and the client reads. Only the server sends data packets; clients
// act on the topics below only, and only on packets of these shapes (shared/utils/chat-packets.ts).

/** Who wrote a message: viewers, or the show's host / ops (shown with a badge). */
export type ChatRole = 'viewer' | 'host' | 'ops'

export const CHAT_TEXT_MAX = 300
export const CHAT_PAGE_MAX = 100
export const CHAT_SLOW_MODE_MAX_SECONDS = 60
export const CHAT_BLOCKED_WORDS_MAX = 500

/** Reliable topic: message batches and deletions. */
export const CHAT_TOPIC = 'liveshop.chat'
/** Lossy topic: reaction counts summed per room (~every 250 ms). */
export const REACTIONS_TOPIC = 'liveshop.reactions'

export const REACTION_KINDS = ['heart', 'fire', 'clap', 'laugh'] as const
export type ReactionKind = typeof REACTION_KINDS[number]

export interface ChatMessage {
  /** Time-ordered (sorts as it was accepted), unique across app instances. */
  id: string
  /** Random per device (the viewer's sealed session); what bans and time-outs apply to. */
  chatterId: string
  name: string
  role: ChatRole
  text: string
  /** Epoch ms on the server's clock. */
  createdAt: number
  /** Only in the sender's own history: held back by the blocked-words list (shown to them alone). */
  shadow?: true
}

/** GET /api/shows/:id/chat */
export interface ChatHistoryResponse {
  /** Oldest first. */
  messages: ChatMessage[]
  pinned: PinnedMessageState | null
  settings: ChatSettingsState
  /** The live state's version these two come from (the room metadata carries the same state). */
  liveStateVersion: number
  /** More messages exist before the first one (for "earlier messages"). */
  hasEarlier: boolean
  /** The asking device's chatter id, if it has chosen a name. */
  chatterId: string | null
  /** Epoch ms until which this chatter is muted (null: banned without end), absent when free to chat. */
  mutedUntil?: number | null
}

/** POST …/chat/pin and PATCH …/chat/settings: the show's chat state after the change. */
export interface ChatStateAnswer {
  pinned: PinnedMessageState | null
  settings: ChatSettingsState
  /** The live state's version (the room metadata carries the same state). */
  version: number
}

/** POST /api/shows/:id/chat */
export interface ChatPostResponse {
  id: string
  createdAt: number
  /** The message as everyone (or, when shadow, only the sender) sees it. */
  message: ChatMessage
}

/** POST /api/chat/identity */
export interface ChatIdentity {
  chatterId: string
  name: string
}

/** One reliable packet on CHAT_TOPIC: new messages (oldest first) and deleted ids. */
export interface ChatPacket {
  v: 1
  messages: ChatMessage[]
  deleted: string[]
}

/** One lossy packet on REACTIONS_TOPIC: how many of each kind arrived since the last packet. */
export interface ReactionPacket {
  v: 1
  counts: Partial<Record<ReactionKind, number>>
}

export type ModerationAction = 'delete' | 'ban' | 'timeout' | 'unban' | 'pin' | 'unpin' | 'settings' | 'blocked-words' | 'shadow'

export interface ModerationLogEntry {
  id: string
  action: ModerationAction
  /** Who did it: "host:<hostId>", "ops", or "system" (the blocked-words filter). */
  actor: string
  actorName: string
  chatterId: string | null
  messageId: string | null
  detail: string
  createdAt: number
}

export interface ChatBan {
  chatterId: string
  name: string
  /** null: banned for the rest of the show. */
  until: number | null
  createdAt: number
  by: string
}
