// What the chat routes do, in one place: accept a message (chat on, not banned, slow mode, word
// filter), store it, relay it; read history; moderate (delete, ban/time-out, pin, settings), each
// action logged with who did it. Routes stay thin: validate, call one of these.
import { createError, setResponseHeader, type H3Event } from 'h3'
import type { ChatHistoryResponse, ChatMessage, ChatPostResponse, ChatStateAnswer, ReactionKind } from '#shared/types/chat'
import type { ChatSettingsState } from '#shared/types/live-state'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { isChatTextBlocked } from './blocked-words'
import { currentChatterId, findChatSpeaker, moderatorActor } from './identity'
import {
  claimChatSlot, deleteChatMessage, findActiveChatBan, findChatMessage, insertChatMessage,
  listChatMessages, logChatModeration, newChatId, removeChatBan, upsertChatBan,
} from './store'
import { useChatRelay } from './relay'
import { useChatGroupCommit } from './group-commit'

const clock = (epochMs: number) => new Date(epochMs).toISOString().slice(11, 16)

function mutedError(until: number | null) {
  return createError({
    statusCode: 403,
    statusMessage: 'Forbidden',
    message: until === null
      ? 'You are banned from this show\'s chat by the host.'
      : `You are timed out by the host: you can chat again at ${clock(until)} UTC.`,
    data: { mutedUntil: until },
  })
}

export async function postChatMessage(event: H3Event, showId: string, text: string): Promise<ChatPostResponse> {
  await rateLimit(event, 'chat', useRuntimeConfig().chatRateLimit)
  const show = await requireShowRow(showId)
  if (show.status === 'ended') {
    throw createError({ statusCode: 409, statusMessage: 'Conflict', message: 'This show has ended; its chat is closed.' })
  }
  const speaker = await findChatSpeaker(event, show)
  if (!speaker) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Choose a chat name first (POST /api/chat/identity).' })
  }
  const db = await requireDb()
  const now = Date.now()
  const state = speaker.moderator ? null : await readLiveState(showId)
  if (state && !state.chat.enabled) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message: 'The host has turned chat off for now.' })
  }
  const message: ChatMessage = { id: newChatId(now), chatterId: speaker.chatterId, name: speaker.name, role: speaker.role, text, createdAt: now }
  // Shadow: stored and shown to its sender, never relayed or shown to anyone else.
  if (!speaker.moderator && await isChatTextBlocked(db, text, now)) message.shadow = true
  // Ban check, slow-mode slot and the message in one transaction, so a message is stored only when
  // its slot was claimed; posts arriving together share that transaction (group-commit.ts).
  const slowMs = (state?.chat.slowModeSeconds ?? 0) * 1000
  const outcome = await useChatGroupCommit(db).run(async (tx): Promise<{ mutedUntil: number | null } | { retryAt: number } | { stored: true }> => {
    if (!speaker.moderator) {
      const ban = await findActiveChatBan(tx, showId, speaker.chatterId, now)
      if (ban) return { mutedUntil: ban.until }
      if (slowMs > 0) {
        const slot = await claimChatSlot(tx, showId, speaker.chatterId, slowMs, now)
        if (slot !== true) return { retryAt: slot }
      }
    }
    await insertChatMessage(tx, showId, message)
    if (message.shadow) {
      await logChatModeration(tx, { showId, action: 'shadow', actor: 'system', actorName: 'Blocked-words filter', chatterId: message.chatterId, messageId: message.id, detail: 'held back by the blocked-words list' }, now)
    }
    return { stored: true }
  })
  if ('mutedUntil' in outcome) throw mutedError(outcome.mutedUntil ?? null)
  if ('retryAt' in outcome && outcome.retryAt !== undefined) {
    const seconds = Math.max(1, Math.ceil((outcome.retryAt - now) / 1000))
    setResponseHeader(event, 'Retry-After', seconds)
    throw createError({
      statusCode: 429,
      statusMessage: 'Too Many Requests',
      message: `Slow mode is on (one message every ${state!.chat.slowModeSeconds} s): you can send again in ${seconds} s.`,
      data: { retryAfterSeconds: seconds },
    })
  }
  if (!message.shadow) useChatRelay().relayMessage(showId, message)
  setResponseStatus(event, 201)
  return { id: message.id, createdAt: message.createdAt, message }
}

export async function readChatHistory(event: H3Event, showId: string, query: { before?: string, after?: string, limit: number }): Promise<ChatHistoryResponse> {
  await requireShowRow(showId)
  const db = await requireDb()
  const chatterId = await currentChatterId(event)
  const [page, state, ban] = await Promise.all([
    listChatMessages(db, showId, { ...query, viewerChatterId: chatterId }),
    readLiveState(showId),
    chatterId ? findActiveChatBan(db, showId, chatterId) : undefined,
  ])
  const response: ChatHistoryResponse = {
    messages: page.messages,
    pinned: state.pinned,
    settings: state.chat,
    liveStateVersion: state.version,
    // A page after `after` that was cut means newer ones exist, not earlier ones.
    hasEarlier: query.after ? false : page.hasMore,
    chatterId,
  }
  if (ban) response.mutedUntil = ban.until
  return response
}

// Hearts are tapped fast, so besides the per-address limit there is one per chatter and show,
// shared by all instances through Redis when configured (see rate-limit.ts).

export async function postReaction(event: H3Event, showId: string, kind: ReactionKind) {
  await rateLimit(event, 'reactions', useRuntimeConfig().chatRateLimit)
  const show = await requireShowRow(showId)
  const speaker = await findChatSpeaker(event, show)
  if (!speaker) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Choose a chat name first (POST /api/chat/identity).' })
  }
  const { points, durationSeconds } = useRuntimeConfig().reactionRateLimit
  try {
    await sharedLimiter('reactions-per-chatter', Number(points), Number(durationSeconds)).consume(`${showId}:${speaker.chatterId}`)
  }
  catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
    setResponseHeader(event, 'Retry-After', seconds)
    throw createError({ statusCode: 429, statusMessage: 'Too Many Requests', message: `That is a lot of love! Try again in ${seconds} s.` })
  }
  useChatRelay().addReaction(showId, kind)
  setResponseStatus(event, 202)
  return { accepted: true }
}

// ---- moderation (host of the show, or ops) ----

export async function moderateDelete(event: H3Event, showId: string, messageId: string) {
  const { user } = await requireShowManager(event, showId, { allowOps: true })
  const db = await requireDb()
  const message = await findChatMessage(db, showId, messageId)
  if (!message) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: 'No such message in this show\'s chat.' })
  const { actor, actorName } = moderatorActor(user)
  if (await deleteChatMessage(db, showId, messageId, actor)) {
    useChatRelay().relayDeletion(showId, messageId)
    await logChatModeration(db, { showId, action: 'delete', actor, actorName, chatterId: message.chatterId, messageId, detail: `${message.name}: ${message.text}` })
    const state = await readLiveState(showId)
    if (state.pinned?.id === messageId) {
      await updateLiveState(showId, (next) => {
        next.pinned = null
      })
    }
  }
  return { deleted: messageId }
}

export async function moderateBan(event: H3Event, showId: string, chatterId: string, minutes?: number) {
  const { user } = await requireShowManager(event, showId, { allowOps: true })
  const db = await requireDb()
  const now = Date.now()
  const last = await db.get<{ name: string }>('SELECT name FROM chat_messages WHERE show_id = ? AND chatter_id = ? ORDER BY id DESC LIMIT 1', [showId, chatterId])
  const { actor, actorName } = moderatorActor(user)
  const until = minutes === undefined ? null : now + minutes * 60_000
  await upsertChatBan(db, showId, { chatterId, name: last?.name ?? chatterId, until, createdAt: now, by: actor })
  await logChatModeration(db, {
    showId, action: until === null ? 'ban' : 'timeout', actor, actorName, chatterId,
    detail: until === null ? `banned ${last?.name ?? chatterId}` : `timed out ${last?.name ?? chatterId} for ${minutes} min`,
  }, now)
  return { chatterId, until }
}

export async function moderateUnban(event: H3Event, showId: string, chatterId: string) {
  const { user } = await requireShowManager(event, showId, { allowOps: true })
  const db = await requireDb()
  const { actor, actorName } = moderatorActor(user)
  if (!await removeChatBan(db, showId, chatterId)) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found', message: 'That chatter is not banned or timed out in this show.' })
  }
  await logChatModeration(db, { showId, action: 'unban', actor, actorName, chatterId, detail: 'lifted' })
  return { chatterId, until: 0 }
}

export async function moderatePin(event: H3Event, showId: string, messageId: string | null) {
  const { user } = await requireShowManager(event, showId, { allowOps: true })
  const db = await requireDb()
  const { actor, actorName } = moderatorActor(user)
  let pinned: { id: string, name: string, text: string } | null = null
  if (messageId) {
    const message = await findChatMessage(db, showId, messageId)
    if (!message || message.deleted || message.shadow) {
      throw createError({ statusCode: 404, statusMessage: 'Not Found', message: 'No such message in this show\'s chat (deleted messages cannot be pinned).' })
    }
    pinned = { id: message.id, name: message.name, text: message.text }
  }
  const state = await updateLiveState(showId, (next) => {
    next.pinned = pinned
  })
  await logChatModeration(db, { showId, action: pinned ? 'pin' : 'unpin', actor, actorName, messageId, detail: pinned ? `${pinned.name}: ${pinned.text}` : '' })
  return { pinned: state.pinned, settings: state.chat, version: state.version } satisfies ChatStateAnswer
}

export async function moderateSettings(event: H3Event, showId: string, change: Partial<ChatSettingsState>) {
  const { user } = await requireShowManager(event, showId, { allowOps: true })
  const db = await requireDb()
  const { actor, actorName } = moderatorActor(user)
  const state = await updateLiveState(showId, (next) => {
    if (change.enabled !== undefined) next.chat.enabled = change.enabled
    if (change.slowModeSeconds !== undefined) next.chat.slowModeSeconds = change.slowModeSeconds
  })
  await logChatModeration(db, { showId, action: 'settings', actor, actorName, detail: `chat ${state.chat.enabled ? 'on' : 'off'}, slow mode ${state.chat.slowModeSeconds} s` })
  return { pinned: state.pinned, settings: state.chat, version: state.version } satisfies ChatStateAnswer
}
