// The host's (or ops') inline moderation for one show: delete, time-out, ban, pin, slow mode and
// chat on/off. Each call answers with the server's own message on failure.
import type { ChatMessage, ChatStateAnswer } from '#shared/types/chat'
import type { ChatSettingsState } from '#shared/types/live-state'

export const TIMEOUT_MINUTES = 5

export function useChatModeration(showId: MaybeRefOrGetter<string>, chat: ChatSession) {
  const busy = ref(false)
  const message = ref<string | null>(null)
  const base = () => `/api/shows/${encodeURIComponent(toValue(showId))}/chat`

  async function run(action: () => Promise<void>, done: string, failed: string) {
    busy.value = true
    message.value = null
    try {
      await action()
      message.value = done
    }
    catch (error) {
      message.value = chatErrorMessage(error, failed)
    }
    finally {
      busy.value = false
    }
  }

  const remove = (target: ChatMessage) => run(async () => {
    await $fetch(`${base()}/${target.id}`, { method: 'DELETE' })
    chat.forget(target.id)
  }, `Deleted ${target.name}'s message.`, 'The message could not be deleted. Try again.')

  const timeOut = (target: ChatMessage, minutes = TIMEOUT_MINUTES) => run(async () => {
    await $fetch(`${base()}/bans`, { method: 'POST', body: { chatterId: target.chatterId, minutes } })
  }, `${target.name} is timed out for ${minutes} minutes.`, 'The time-out did not work. Try again.')

  const ban = (target: ChatMessage) => run(async () => {
    await $fetch(`${base()}/bans`, { method: 'POST', body: { chatterId: target.chatterId } })
  }, `${target.name} is banned from this chat.`, 'The ban did not work. Try again.')

  const pin = (target: ChatMessage | null) => run(async () => {
    chat.answered(await $fetch<ChatStateAnswer>(`${base()}/pin`, { method: 'POST', body: { messageId: target?.id ?? null } }))
  }, target ? 'Message pinned.' : 'Message unpinned.', 'Pinning did not work. Try again.')

  const updateSettings = (change: Partial<ChatSettingsState>) => run(async () => {
    chat.answered(await $fetch<ChatStateAnswer>(`${base()}/settings`, { method: 'PATCH', body: change }))
  }, 'Chat settings saved.', 'The chat settings were not saved. Try again.')

  return { busy, message, remove, timeOut, ban, pin, updateSettings }
}
