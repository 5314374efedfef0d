// One show's chat for a component: history from GET /api/shows/:id/chat merged by id with the
// server's live batches (room data on the chat topic), refilled after a reconnect; sending, with the
// server's reasons (banned, slow mode, chat off) as friendly messages; the pinned message and chat
// settings from the room metadata; reaction counts for the floating hearts. Only packets the server
// sent on known topics with valid shapes are used (shared/utils/chat-packets.ts).
import type { Room } from 'livekit-client'
import type { MaybeRefOrGetter, Ref, ShallowRef } from 'vue'
import type { ChatHistoryResponse, ChatMessage, ChatPostResponse, ReactionKind, ReactionPacket } from '#shared/types/chat'
import { EMPTY_LIVE_STATE, type ChatSettingsState, type LiveState, type PinnedMessageState } from '#shared/types/live-state'
import { mergeChatMessages, parseChatPacket, parseReactionPacket } from '#shared/utils/chat-packets'

interface FetchFailure { data?: { message?: string, data?: { mutedUntil?: number | null, retryAfterSeconds?: number } }, statusCode?: number }

/** The server's own message when it sent one (they are written for people), else a generic one. */
export function chatErrorMessage(error: unknown, fallback: string): string {
  const message = (error as FetchFailure)?.data?.message
  return typeof message === 'string' && message ? message : fallback
}

export function useChat(showId: MaybeRefOrGetter<string>, room: Readonly<Ref<Room | null> | ShallowRef<Room | null>>) {
  const identity = useChatIdentity()
  const messages = shallowRef<ChatMessage[]>([])
  const pinned = shallowRef<PinnedMessageState | null>(null)
  const settings = ref<ChatSettingsState>({ ...EMPTY_LIVE_STATE.chat })
  const chatterId = ref<string | null>(null)
  /** Epoch ms until which this device may not chat (null: banned), undefined when free. */
  const mutedUntil = ref<number | null | undefined>(undefined)
  const hasEarlier = ref(false)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const sendError = ref<string | null>(null)
  const sending = ref(false)
  const reactions = createEventHook<ReactionPacket['counts']>()
  let liveStateVersion = -1
  const deletedIds = new Set<string>()

  const url = () => `/api/shows/${encodeURIComponent(toValue(showId))}/chat`

  function apply(incoming: ChatMessage[], deleted: string[] = []) {
    for (const id of deleted) deletedIds.add(id)
    messages.value = mergeChatMessages(messages.value, incoming, deletedIds)
  }

  function applyHistory(history: ChatHistoryResponse) {
    chatterId.value = history.chatterId
    mutedUntil.value = history.mutedUntil
    if (liveStateVersion < 0) pinned.value = history.pinned
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

  function applyMetadata(metadata: string | undefined) {
    if (!metadata) return
    try {
      const state = JSON.parse(metadata) as Partial<LiveState>
      if (typeof state.version !== 'number' || state.version <= liveStateVersion) return
      liveStateVersion = state.version
      pinned.value = state.pinned ?? null
      if (state.chat) settings.value = { ...state.chat }
    }
    catch {
      // Not ours (or not JSON): ignore.
    }
  }

  // The Room's events, bound while it exists. Packets relayed while this page was not connected
  // (between the history load and the connection, or during a reconnect) come from history.
  let unbind: (() => void) | null = null
  watch(room, async (current) => {
    unbind?.()
    unbind = null
    if (!current) return
    const lk = await loadLiveKit()
    const onData = (payload: Uint8Array, participant?: { identity: string }, _kind?: unknown, topic?: string) => {
      const origin = { topic, participantIdentity: participant?.identity }
      const chat = parseChatPacket(payload, origin)
      if (chat) return apply(chat.messages, chat.deleted)
      const counts = parseReactionPacket(payload, origin)
      if (counts) void reactions.trigger(counts.counts)
    }
    const onConnected = () => {
      applyMetadata(current.metadata)
      void load()
    }
    const onMetadata = (metadata: string) => applyMetadata(metadata)
    current.on(lk.RoomEvent.DataReceived, onData)
    current.on(lk.RoomEvent.Connected, onConnected)
    current.on(lk.RoomEvent.Reconnected, onConnected)
    current.on(lk.RoomEvent.RoomMetadataChanged, onMetadata)
    if (current.state === 'connected') applyMetadata(current.metadata)
    unbind = () => {
      current.off(lk.RoomEvent.DataReceived, onData)
      current.off(lk.RoomEvent.Connected, onConnected)
      current.off(lk.RoomEvent.Reconnected, onConnected)
      current.off(lk.RoomEvent.RoomMetadataChanged, onMetadata)
    }
  }, { immediate: true })
  tryOnScopeDispose(() => unbind?.())

  return {
    messages, pinned, settings, chatterId, mutedUntil, hasEarlier, loading, loadError, sendError, sending,
    identity, load, loadEarlier, send, react, onReactions: reactions.on,
    /** For the moderation composable: apply a deletion at once, before the relayed one arrives. */
    forget: (id: string) => apply([], [id]),
    setPinned: (value: PinnedMessageState | null) => { pinned.value = value },
    setSettings: (value: ChatSettingsState) => { settings.value = value },
  }
}

export type ChatSession = ReturnType<typeof useChat>
