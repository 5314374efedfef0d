// What a viewer needs from the room: the host's camera, screen share and microphone, and whether
// they are muted. Recomputed from the room on every relevant event (a sweep, not deltas): after a
// join or a full reconnect the host's tracks already exist and TrackPublished never fires for them.
// Used through usePlayerSession by LiveKitPlayer and MobilePlayer.
import type { RemoteParticipant, RemoteTrack, RemoteTrackPublication, Room } from 'livekit-client'
import type { Ref } from 'vue'

const TRACK_EVENTS = [
  'connected', 'reconnected', 'participantConnected', 'participantDisconnected', 'trackPublished', 'trackUnpublished',
  'trackSubscribed', 'trackUnsubscribed', 'trackMuted', 'trackUnmuted', 'disconnected',
] as const

export function useHostTracks(room: Ref<Room | null>) {
  const host = shallowRef<RemoteParticipant | null>(null)
  const cameraPublication = shallowRef<RemoteTrackPublication | null>(null)
  const screenPublication = shallowRef<RemoteTrackPublication | null>(null)
  const micPublication = shallowRef<RemoteTrackPublication | null>(null)
  /** What the player shows: the screen while the host shares it, else the camera. */
  const videoTrack = shallowRef<RemoteTrack | null>(null)
  const audioTrack = shallowRef<RemoteTrack | null>(null)
  const isScreenShare = ref(false)
  const cameraMuted = ref(false)
  const micMuted = ref(false)
  /** A host has been seen in this room since the page opened (to tell "not live yet" from "ended"). */
  const hostSeen = ref(false)

  function sweep(current: Room | null) {
    // The host is the (visible) participant that publishes; viewers are hidden and never appear.
    const participants = current ? [...current.remoteParticipants.values()] : []
    const publisher = participants.find(p => p.trackPublications.size > 0) ?? participants.find(p => p.attributes?.role === 'host') ?? null
    host.value = publisher
    if (publisher) hostSeen.value = true
    const bySource = (source: string) => publisher ? [...publisher.trackPublications.values()].find(p => p.source === source) ?? null : null
    cameraPublication.value = bySource('camera')
    screenPublication.value = bySource('screen_share')
    micPublication.value = bySource('microphone')
    const screen = screenPublication.value?.track ?? null
    videoTrack.value = screen ?? cameraPublication.value?.track ?? null
    isScreenShare.value = !!screen
    audioTrack.value = micPublication.value?.track ?? null
    cameraMuted.value = !!cameraPublication.value?.isMuted
    micMuted.value = !micPublication.value || micPublication.value.isMuted
  }

  useRoomEvents(room, onEvents(TRACK_EVENTS, () => sweep(room.value)), { onRoom: sweep })

  /** The publication of what is on screen (for quality selection). */
  const videoPublication = computed(() => (isScreenShare.value ? screenPublication.value : cameraPublication.value))

  return { host, hostSeen, videoPublication, videoTrack, audioTrack, isScreenShare, cameraMuted, micMuted }
}
