// This device's chat name: remembered on the device (the same name the player joins with), and
// registered with the server on the first message, which seals a random chatter id into the
// session cookie. A signed-in host/ops without a chat name chats under their account name.
import type { ChatIdentity } from '#shared/types/chat'

export const CHAT_NAME_KEY = VIEWER_NAME_KEY

export function useChatIdentity() {
  const deviceName = useLocalStorage(CHAT_NAME_KEY, newGuestName)
  const { session, loggedIn, user, fetch: refreshSession } = useUserSession()
  const chatter = computed(() => session.value?.chatter ?? null)
  /** The name others see next to this device's messages. */
  const name = computed(() => chatter.value?.name ?? (loggedIn.value ? user.value?.name ?? 'Host' : deviceName.value))

  async function register(wanted: string): Promise<string> {
    const identity = await $fetch<ChatIdentity>('/api/chat/identity', { method: 'POST', body: { name: wanted } })
    await refreshSession()
    return identity.chatterId
  }

  /** Before posting: a viewer without a chatter registers the remembered name. */
  async function ensure() {
    if (chatter.value || loggedIn.value) return
    await register(deviceName.value.trim())
  }

  /** "Change name": remembered on the device and used from the next message on. */
  async function rename(wanted: string) {
    deviceName.value = wanted.trim()
    await register(deviceName.value)
  }

  return { name, chatter, ensure, rename }
}
