// The LiveKitContext of the original guide, as a Pinia store: the page's one Room and the few
// plain values the UI shows about it. The Room is held raw (markRaw + shallowRef): making it
// deeply reactive would proxy thousands of internal objects and break identity checks inside
// livekit-client. App code reaches it through useLiveKit (or the guide's useLiveKitContext),
// never by calling this store directly.
import { defineStore } from 'pinia'
import type { Room } from 'livekit-client'
import type { TokenRequest } from '#shared/types/livekit'
import type { LiveKitConnectionState, StreamQuality } from '#shared/types/stream'

/** Room events after which the server-provided counts may have changed. */
const COUNT_EVENTS = ['connected', 'reconnected', 'participantConnected', 'participantDisconnected', 'trackPublished', 'trackUnpublished', 'roomMetadataChanged'] as const

export const useLiveKitStore = defineStore('livekit', () => {
  const currentRoom = shallowRef<Room | null>(null)
  const isHostMode = ref(false)
  const viewerCount = ref(0)
  const isRecording = ref(false)
  const streamQuality = ref<StreamQuality>('auto')
  const connectionState = ref<LiveKitConnectionState>('disconnected')
  const error = shallowRef<FriendlyError | null>(null)
  /** The LiveKit URL of the last connect: a rejoin checks LiveKit answers there, with no token. */
  const serverUrl = ref<string | null>(null)

  /** The connect in flight, for the join it makes: a second call for the same join shares it. */
  let connecting: { key: string, room: Promise<Room> } | null = null
  /** Bumped by every disconnect: a connect still on its way when it happened is stale. */
  let generation = 0
  let lk: LiveKitModule | null = null

  function refreshCounts() {
    const room = currentRoom.value
    if (!room) return
    viewerCount.value = viewersOf(room)
    isRecording.value = room.isRecording
  }

  // There is no event for count changes (LiveKit refreshes them about every 5 s): a 1 s tick reads
  // them while there is a Room. Setting currentRoom to null unsubscribes at once, so a disconnect
  // we asked for is never reported as an error.
  const tick = useIntervalFn(refreshCounts, 1000, { immediate: false })
  useRoomEvents(currentRoom, {
    ...onEvents(COUNT_EVENTS, refreshCounts),
    connectionStateChanged: (state) => {
      connectionState.value = state as LiveKitConnectionState
    },
    recordingStatusChanged: (recording) => {
      isRecording.value = recording
    },
    disconnected: (reason) => {
      connectionState.value = 'disconnected'
      const friendly = friendlyDisconnect(reason === undefined ? undefined : lk?.DisconnectReason[reason])
      if (friendly) error.value = friendly
    },
  }, { onRoom: room => (room ? tick.resume() : tick.pause()) })

  /**
   * Fetches a token, creates the Room and connects; or, for a viewer whose join started before the
   * app (utils/early-viewer-connection.ts), takes that Room. Rejects with the original error;
   * `error` gets the friendly one. A connect overtaken by a disconnect (the viewer closed the player
   * or swiped to another show meanwhile) leaves the room it made and rejects with ConnectSuperseded,
   * touching nothing the newer connection owns.
   */
  async function connectToRoom(request: TokenRequest): Promise<Room> {
    const key = tokenRequestKey(request)
    if (connecting?.key === key) return connecting.room
    const attempt = (async () => {
      await disconnectFromRoom()
      const mine = generation
      const superseded = () => mine !== generation
      error.value = null
      isHostMode.value = !!request.admin
      connectionState.value = 'connecting'
      let room: Room | null = null
      try {
        const early = await claimEarlyConnection(request)
        if (early && superseded()) await early.room.disconnect()
        if (superseded()) throw new ConnectSuperseded()
        if (early) {
          lk = early.module
          serverUrl.value = early.url
          room = markRaw(early.room)
          currentRoom.value = room
        }
        else {
          const [module, token] = await Promise.all([loadLiveKit(), fetchLiveKitToken(request)])
          if (superseded()) throw new ConnectSuperseded()
          lk = module
          serverUrl.value = token.url
          room = markRaw(new module.Room(roomOptions(module, !!request.admin)))
          currentRoom.value = room
          await room.connect(token.url, token.token)
          if (superseded()) throw new ConnectSuperseded()
        }
        connectionState.value = room.state as LiveKitConnectionState
        refreshCounts()
        return room
      }
      catch (cause) {
        await room?.disconnect().catch(() => {})
        if (superseded()) throw cause instanceof ConnectSuperseded ? cause : new ConnectSuperseded()
        currentRoom.value = null
        connectionState.value = 'disconnected'
        error.value = toFriendlyError(cause)
        throw cause
      }
    })()
    const entry = { key, room: attempt }
    connecting = entry
    try {
      return await attempt
    }
    finally {
      if (connecting === entry) connecting = null
    }
  }

  /** The one place a Room is disconnected (useLiveKit's owner calls it when its page or scope ends). */
  async function disconnectFromRoom() {
    // A connect still on its way is stale now; the next connect (the same show reopened at once)
    // must start afresh rather than share it.
    generation++
    connecting = null
    const room = currentRoom.value
    if (!room) return
    currentRoom.value = null
    connectionState.value = 'disconnected'
    viewerCount.value = 0
    isRecording.value = false
    // A host keeps camera and mic for the preview (the studio stops them when it closes); a screen
    // capture must never outlive the show.
    for (const publication of room.localParticipant.trackPublications.values()) {
      if (publication.source === 'screen_share' || publication.source === 'screen_share_audio') publication.track?.stop()
    }
    await room.disconnect(!isHostMode.value)
  }

  function clearError() {
    error.value = null
  }

  function setStreamQuality(quality: StreamQuality) {
    streamQuality.value = quality
  }

  /** Set after the recording routes answer; LiveKit's RecordingStatusChanged confirms it. */
  function setRecording(recording: boolean) {
    isRecording.value = recording
  }

  return {
    currentRoom, isHostMode, viewerCount, isRecording, streamQuality, connectionState, error, serverUrl,
    connectToRoom, disconnectFromRoom, clearError, setStreamQuality, setRecording,
  }
})
