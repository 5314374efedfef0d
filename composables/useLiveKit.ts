// One Room's lifecycle for a component: connect through the LiveKitContext store (one Room per
// page), expose the guide's refs, and always leave the room when the component goes away or the
// page is hidden for good (pagehide), so the server's counts drop at once.
import type { LocalParticipant, RemoteParticipant, Room } from 'livekit-client'
import { storeToRefs } from 'pinia'
import type { MaybeRefOrGetter } from 'vue'

export interface UseLiveKitOptions {
  roomName: string
  username: string
  admin?: boolean
}

/** Room events after which the participant list may differ. */
const PARTICIPANT_EVENTS = ['Connected', 'Reconnected', 'ParticipantConnected', 'ParticipantDisconnected', 'Disconnected'] as const

export function useLiveKit(options: MaybeRefOrGetter<UseLiveKitOptions>) {
  const store = useLiveKitStore()
  const { currentRoom: room, connectionState, error } = storeToRefs(store)
  // Participants are livekit-client objects: shallow lists, never deep proxies.
  const participants = shallowRef<RemoteParticipant[]>([])
  const localParticipant = shallowRef<LocalParticipant | null>(null)
  const isConnected = computed(() => connectionState.value === 'connected')

  function syncParticipants(current: Room | null) {
    participants.value = current ? [...current.remoteParticipants.values()] : []
    localParticipant.value = current?.localParticipant ?? null
  }

  let unbind: (() => void) | null = null
  watch(room, async (current) => {
    unbind?.()
    unbind = null
    syncParticipants(current)
    if (!current) return
    const lk = await loadLiveKit()
    const onChange = () => syncParticipants(current)
    for (const event of PARTICIPANT_EVENTS) current.on(lk.RoomEvent[event], onChange)
    unbind = () => {
      for (const event of PARTICIPANT_EVENTS) current.off(lk.RoomEvent[event], onChange)
    }
  }, { immediate: true })

  async function connect(): Promise<Room> {
    return store.connectToRoom(toValue(options))
  }

  async function disconnect() {
    await store.disconnectFromRoom()
  }

  if (import.meta.client) {
    // Also when the page may enter the back/forward cache: a frozen page cannot keep a Room alive.
    useEventListener(window, 'pagehide', () => void disconnect())
  }
  tryOnScopeDispose(() => {
    unbind?.()
    void disconnect()
  })

  return { connectionState, room, participants, localParticipant, isConnected, error, connect, disconnect }
}
