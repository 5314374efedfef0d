// One show's chat for a component: history from GET /api/shows/:id/chat merged by id with the
// server's live batches (room data on the chat topic), refilled after a reconnect; sending, with the
// server's reasons (banned, slow mode, chat off) as friendly messages; the pinned message and chat
// settings from the room metadata; reaction counts for the floating hearts. Only packets the server
// sent on known topics with valid shapes are used (shared/utils/chat-packets.ts).
import type { MaybeRefOrGetter } from 'vue'
import type { ChatHistoryResponse, ChatMessage, ChatPostResponse, ReactionKind, ReactionPacket } from '#shared/types/chat'
import type { ChatSettingsState, PinnedMessageState } from '#shared/types/live-state'
import { mergeChatMessages, parseChatPacket, parseReactionPacket } from '#shared/utils/chat-packets'

interface FetchFailure { data?: { message?: string, data?: { mutedUntil?: number | null, retryAfterSeconds?: number } }, statusCode?: number }

/** The server's own message when it sent one (they are written for people), else a generic one. */
export function chatErrorMessage(error: unknown, fallback: string): string {
  const message = (error as FetchFailure)?.data?.message
  return typeof message === 'string' && message ? message : fallback
}

export function useChat(showId: MaybeRefOrGetter<string>) {
  const identity = useChatIdentity()
  const messages = shallowRef<ChatMessage[]>([])
  // Pinned message and settings: the room metadata (useShowLiveState) or, when newer (before the
  // Room connects, or a moderator's own change answered before the metadata arrives), the server's
  // HTTP answer. The higher live-state version wins.
  const { room } = useLiveKit()
  const live = useShowLiveState(room)
  const answered = shallowRef<{ version: number, pinned: PinnedMessageState | null, settings: ChatSettingsState } | null>(null)
  const newer = () => (answered.value && answered.value.version > live.state.value.version ? answered.value : null)
  const pinned = computed(() => {
    const own = newer()
    return own ? own.pinned : live.pinned.value
  })
  const settings = computed(() => newer()?.settings ?? live.chat.value)
  const chatterId = ref<string | null>(null)
  /** Epoch ms until which this device may not chat (null: banned), undefined when free. */
  const mutedUntil = ref<number | null | undefined>(undefined)
  const hasEarlier = ref(false)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const sendError = ref<string | null>(null)
  const sending = ref(false)
  const reactions = createEventHook<ReactionPacket['counts']>()
  const deletedIds = new Set<string>()

  const url = () => `/api/shows/${encodeURIComponent(toValue(showId))}/chat`

  function apply(incoming: ChatMessage[], deleted: string[] = []) {
    for (const id of deleted) deletedIds.add(id)
    messages.value = mergeChatMessages(messages.value, incoming, deletedIds)
  }

  function applyHistory(history: ChatHistoryResponse) {
    chatterId.value = history.chatterId
    mutedUntil.value = history.mutedUntil
    answered.value = { version: history.liveStateVersion, pinned: history.pinned, settings: history.settings }
  }

  /** The newest page (join), reconciled with what is shown: messages deleted meanwhile go away. */
  async function load() {
    loading.value = true
    loadError.value = null
    try {
      const history = await $fetch<ChatHistoryResponse>(url(), { query: { limit: 50 } })
      applyHistory(history)
      const oldest = history.messages[0]?.id
      const newestKnown = messages.value.at(-1)?.id
      // Within the page's range, whatever the server no longer returns was deleted.
      const kept = oldest ? messages.value.filter(m => m.id < oldest || history.messages.some(h => h.id === m.id)) : messages.value
      messages.value = mergeChatMessages(kept, history.messages, deletedIds)
      if (messages.value.length === history.messages.length) hasEarlier.value = history.hasEarlier
      // A gap longer than one page (a long disconnect): page forward from the newest we had.
      if (newestKnown && oldest && oldest > newestKnown && history.hasEarlier) await refillAfter(newestKnown)
    }
    catch (error) {
      loadError.value = chatErrorMessage(error, 'The chat could not be loaded. Check your connection and try again.')
    }
    finally {
      loading.value = false
    }
  }

  async function refillAfter(after: string) {
    for (let page = 0; page < 20; page++) {
      const history = await $fetch<ChatHistoryResponse>(url(), { query: { after, limit: 100 } })
      apply(history.messages)
      if (history.messages.length < 100) return
      after = history.messages.at(-1)!.id
    }
  }

  async function loadEarlier() {
    const first = messages.value[0]?.id
    if (!first) return
    try {
      const history = await $fetch<ChatHistoryResponse>(url(), { query: { before: first, limit: 50 } })
      hasEarlier.value = history.hasEarlier
      apply(history.messages)
    }
    catch (error) {
      loadError.value = chatErrorMessage(error, 'Earlier messages could not be loaded. Try again.')
    }
  }

  async function send(text: string): Promise<boolean> {
    sendError.value = null
    sending.value = true
    try {
      await identity.ensure()
      const answer = await $fetch<ChatPostResponse>(url(), { method: 'POST', body: { text } })
      chatterId.value = answer.message.chatterId
      apply([answer.message])
      return true
    }
    catch (error) {
      const failure = error as FetchFailure
      if (failure?.statusCode === 403 && failure.data?.data && 'mutedUntil' in failure.data.data) mutedUntil.value = failure.data.data.mutedUntil
      sendError.value = chatErrorMessage(error, 'Your message was not sent. Check your connection and try again.')
      return false
    }
    finally {
      sending.value = false
    }
  }

  async function react(kind: ReactionKind = 'heart') {
    try {
      await identity.ensure()
      await $fetch(`/api/shows/${encodeURIComponent(toValue(showId))}/reactions`, { method: 'POST', body: { kind } })
    }
    catch {
      // A lost heart is not worth an error message.
    }
  }

  // The page's Room (read, never connected, here). Packets relayed while this page was not
  // connected (between the history load and the connection, or during a reconnect) come from history.
  const refill = () => void load()
  // Another show (the phone feed swipes to the next one): start over with its history.
  watch(() => toValue(showId), () => {
    messages.value = []
    deletedIds.clear()
    answered.value = null
    mutedUntil.value = undefined
    hasEarlier.value = false
    void load()
  })
  useRoomEvents(room, {
    dataReceived: (payload, participant, _kind, topic) => {
      const origin = { topic, participantIdentity: participant?.identity }
      const chat = parseChatPacket(payload, origin)
      if (chat) return apply(chat.messages, chat.deleted)
      const counts = parseReactionPacket(payload, origin)
      if (counts) void reactions.trigger(counts.counts)
    },
    connected: refill,
    reconnected: refill,
  })

  return {
    messages, pinned, settings, chatterId, mutedUntil, hasEarlier, loading, loadError, sendError, sending,
    identity, load, loadEarlier, send, react, onReactions: reactions.on,
    /** For the moderation composable: apply a deletion at once, before the relayed one arrives. */
    forget: (id: string) => apply([], [id]),
    /** A moderator's change as the server answered it (with its live-state version). */
    answered: (state: { version: number, pinned: PinnedMessageState | null, settings: ChatSettingsState }) => {
      answered.value = state
    },
  }
}

export type ChatSession = ReturnType<typeof useChat>
