// A viewer's controls over what it receives: attach the host's tracks to <video>/<audio>, volume and
// mute, quality (remote publication setVideoQuality; Auto = adaptive stream decides), fullscreen,
// and the autoplay path: when the browser blocks sound, `audioBlocked` is true until startAudio().
// Used through usePlayerSession by LiveKitPlayer and MobilePlayer.
import type { RemoteTrack, RemoteTrackPublication, Room } from 'livekit-client'
import type { Ref } from 'vue'

export interface PlayerControlsOptions {
  room: Ref<Room | null>
  videoTrack: Ref<RemoteTrack | null>
  audioTrack: Ref<RemoteTrack | null>
  videoPublication: Ref<RemoteTrackPublication | null>
  videoElement: Ref<HTMLVideoElement | null>
  audioElement: Ref<HTMLAudioElement | null>
  container: Ref<HTMLElement | null>
}

export function usePlayerControls(o: PlayerControlsOptions) {
  const { streamQuality } = useLiveKit()
  const volume = useLocalStorage('liveshop:volume', 1)
  const muted = ref(false)
  const audioBlocked = ref(false)
  const { isFullscreen, isSupported: fullscreenSupported, toggle: toggleFullscreen } = useFullscreen(o.container)

  // Attach/detach follows the tracks and the elements (both can change during a show).
  watch([o.videoTrack, o.videoElement], ([track, element], [oldTrack, oldElement]) => {
    if (oldTrack && oldElement) oldTrack.detach(oldElement)
    if (track && element) track.attach(element)
  }, { immediate: true })
  watch([o.audioTrack, o.audioElement], ([track, element], [oldTrack, oldElement]) => {
    if (oldTrack && oldElement) oldTrack.detach(oldElement)
    if (track && element) {
      track.attach(element)
      element.volume = volume.value
      element.muted = muted.value
    }
  }, { immediate: true })

  watch([volume, muted, o.audioElement], ([level, isMuted, element]) => {
    if (!element) return
    element.volume = Math.min(1, Math.max(0, level))
    element.muted = isMuted
  })

  // Quality: Low/Medium/High cap the layer; Auto asks for High and lets adaptive stream pick by size.
  watch([streamQuality, o.videoPublication], async ([quality, publication]) => {
    if (!publication) return
    const lk = await loadLiveKit()
    const map = { auto: lk.VideoQuality.HIGH, high: lk.VideoQuality.HIGH, medium: lk.VideoQuality.MEDIUM, low: lk.VideoQuality.LOW }
    publication.setVideoQuality(map[quality])
  }, { immediate: true })

  // Sound blocked by the browser's autoplay rule until a gesture (see startAudio).
  const readPlayback = () => {
    audioBlocked.value = !!o.room.value && !o.room.value.canPlaybackAudio
  }
  useRoomEvents(o.room, { audioPlaybackChanged: readPlayback }, { onRoom: readPlayback })
  tryOnScopeDispose(() => {
    if (o.videoTrack.value && o.videoElement.value) o.videoTrack.value.detach(o.videoElement.value)
    if (o.audioTrack.value && o.audioElement.value) o.audioTrack.value.detach(o.audioElement.value)
  })

  /** Must run inside the user's tap/click: browsers only allow sound after a gesture. */
  async function startAudio() {
    const current = o.room.value
    if (!current) return
    await current.startAudio()
    await o.audioElement.value?.play().catch(() => {})
    muted.value = false
    audioBlocked.value = !current.canPlaybackAudio
  }

  return { volume, muted, audioBlocked, streamQuality, isFullscreen, fullscreenSupported, toggleFullscreen, startAudio }
}
