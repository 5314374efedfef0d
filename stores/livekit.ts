// The LiveKitContext of the original guide, as a Pinia store: the page's one Room and the few
// plain values the UI shows about it. The Room is held raw (markRaw + shallowRef): making it
// deeply reactive would proxy thousands of internal objects and break identity checks inside
// livekit-client.
import { defineStore } from 'pinia'
import type { Room } from 'livekit-client'
import type { LiveKitConnectionState, StreamQuality } from '#shared/types/stream'

/** Room events after which the server-provided counts may have changed. */
const COUNT_EVENTS = ['Connected', 'Reconnected', 'ParticipantConnected', 'ParticipantDisconnected', 'TrackPublished', 'TrackUnpublished', 'RoomMetadataChanged'] as const

export const useLiveKitStore = defineStore('livekit', () => {
  const currentRoom = shallowRef<Room | null>(null)
  const isHostMode = ref(false)
  const viewerCount = ref(0)
  const isRecording = ref(false)
  const streamQuality = ref<StreamQuality>('auto')
  const connectionState = ref<LiveKitConnectionState>('disconnected')
  const error = shallowRef<FriendlyError | null>(null)
  /** Why the last connection ended, when the server ended it (e.g. ROOM_DELETED). */
  const disconnectReason = ref<string | null>(null)

  let unbind: (() => void) | null = null
  let connecting: Promise<Room> | null = null

  /**
   * Viewers are everyone connected minus the publishers (hosts). Both numbers come from the
   * server (hidden viewers included), refreshed about every 5 s; never count participant lists.
   */
  function refreshCounts(room: Room) {
    viewerCount.value = Math.max(0, room.numParticipants - room.numPublishers)
    isRecording.value = room.isRecording
  }

  function bind(room: Room, lk: LiveKitModule): () => void {
    const onCounts = () => refreshCounts(room)
    const onState = (state: string) => {
      connectionState.value = state as LiveKitConnectionState
    }
    const onRecording = (recording: boolean) => {
      isRecording.value = recording
    }
    const onDisconnected = (reason?: number) => {
      connectionState.value = 'disconnected'
      const name = reason === undefined ? undefined : lk.DisconnectReason[reason]
      disconnectReason.value = name ?? null
      const friendly = friendlyDisconnect(name)
      if (friendly) error.value = friendly
    }
    for (const event of COUNT_EVENTS) room.on(lk.RoomEvent[event], onCounts)
    room.on(lk.RoomEvent.ConnectionStateChanged, onState)
    room.on(lk.RoomEvent.RecordingStatusChanged, onRecording)
    room.on(lk.RoomEvent.Disconnected, onDisconnected)
    // There is no event for count changes: a 1 s tick reads them.
    const tick = setInterval(onCounts, 1000)
    return () => {
      clearInterval(tick)
      for (const event of COUNT_EVENTS) room.off(lk.RoomEvent[event], onCounts)
      room.off(lk.RoomEvent.ConnectionStateChanged, onState)
      room.off(lk.RoomEvent.RecordingStatusChanged, onRecording)
      room.off(lk.RoomEvent.Disconnected, onDisconnected)
    }
  }

  /** Fetches a token, creates the Room and connects. Rejects with the original error; `error` gets the friendly one. */
  async function connectToRoom(target: RoomTarget): Promise<Room> {
    if (connecting) return connecting
    connecting = (async () => {
      await disconnectFromRoom()
      error.value = null
      disconnectReason.value = null
      isHostMode.value = !!target.admin
      connectionState.value = 'connecting'
      let room: Room | null = null
      try {
        const [lk, token] = await Promise.all([loadLiveKit(), fetchLiveKitToken(target)])
        room = markRaw(new lk.Room(roomOptions(lk, !!target.admin)))
        unbind = bind(room, lk)
        currentRoom.value = room
        await room.connect(token.url, token.token)
        connectionState.value = room.state as LiveKitConnectionState
        refreshCounts(room)
        return room
      }
      catch (cause) {
        unbind?.()
        unbind = null
        currentRoom.value = null
        connectionState.value = 'disconnected'
        await room?.disconnect().catch(() => {})
        error.value = toFriendlyError(cause)
        throw cause
      }
    })()
    try {
      return await connecting
    }
    finally {
      connecting = null
    }
  }

  async function disconnectFromRoom() {
    const room = currentRoom.value
    if (!room) return
    // Unbind first: a disconnect we asked for is not an error to show.
    unbind?.()
    unbind = null
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

  /** For errors found outside connectToRoom (devices, publishing). */
  function setError(cause: unknown) {
    error.value = toFriendlyError(cause)
  }

  return {
    currentRoom, isHostMode, viewerCount, isRecording, streamQuality, connectionState, error, disconnectReason,
    connectToRoom, disconnectFromRoom, clearError, setStreamQuality, setRecording, setError,
  }
})
