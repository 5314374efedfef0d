// The one way app code reaches the page's Room and what is derived from it (connection state,
// viewer count, recording, chosen quality, the last error). The Room lives in the LiveKitContext
// store (stores/livekit.ts; one Room per page), held raw: never deeply reactive.
//
//   const { room } = useLiveKit()                 // a feature (shop, chat…): read, listen, never connect
//   useRoomEvents(room, { roomMetadataChanged: metadata => …, dataReceived: (payload, from, kind, topic) => … })
//
//   const show = useLiveKit(() => request)       // the session that owns the connection (a TokenRequest)
//   await show.connect()
//
// Given a request, the calling scope owns the connection: it connects, and it is the one owner of
// disconnect — when the scope ends (the session's component unmounts, an error boundary retries)
// or the page is left for good (pagehide, freeze). livekit-client's own disconnectOnPageLeave is
// off (utils/livekit-client.ts): it also fires on beforeunload, which would drop a live host who
// answered the leave warning with "Stay".
import type { Room } from 'livekit-client'
import type { TokenRequest } from '#shared/types/livekit'
import { storeToRefs } from 'pinia'
import type { MaybeRefOrGetter } from 'vue'

function roomState() {
  const store = useLiveKitStore()
  const { currentRoom, connectionState, viewerCount, isRecording, streamQuality, error, serverUrl } = storeToRefs(store)
  return {
    /** The raw Room (shallowRef over a markRaw object), null until connected. */
    room: currentRoom,
    connectionState,
    isConnected: computed(() => connectionState.value === 'connected'),
    viewerCount,
    isRecording,
    /** The viewer's chosen quality (writable: the quality menu binds it). */
    streamQuality,
    error,
    /** The LiveKit URL the page last connected to (null before the first connect). */
    serverUrl: readonly(serverUrl),
    /** Called when the recording routes answer; LiveKit's recordingStatusChanged confirms it. */
    setRecording: store.setRecording,
    clearError: store.clearError,
  }
}

export type LiveKitRoomState = ReturnType<typeof roomState>
export interface LiveKitConnection extends LiveKitRoomState {
  connect: () => Promise<Room>
  disconnect: () => Promise<void>
}

export function useLiveKit(): LiveKitRoomState
export function useLiveKit(request: MaybeRefOrGetter<TokenRequest>): LiveKitConnection
export function useLiveKit(request?: MaybeRefOrGetter<TokenRequest>): LiveKitRoomState | LiveKitConnection {
  const state = roomState()
  if (request === undefined) return state

  const store = useLiveKitStore()
  const connect = () => store.connectToRoom(toValue(request))
  const disconnect = () => store.disconnectFromRoom()
  if (import.meta.client) {
    // A page entering the back/forward cache (or frozen) cannot keep a Room alive: leave at once so
    // the server's counts drop.
    useEventListener(window, 'pagehide', () => void disconnect())
    useEventListener(document, 'freeze', () => void disconnect())
  }
  tryOnScopeDispose(() => void disconnect())
  return { ...state, connect, disconnect }
}
