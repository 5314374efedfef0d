// Keeps a livekit-client track attached to a media element while both exist: detaches from the old
// element or track when either changes (a layout switch, a camera flip, the host's screen share)
// and when the calling scope ends.
import type { Track } from 'livekit-client'
import type { Ref } from 'vue'

export function useAttachedTrack<E extends HTMLMediaElement>(
  track: Readonly<Ref<Track | null>>,
  element: Readonly<Ref<E | null>>,
  /** Runs after each attach (e.g. to apply the viewer's volume to a new <audio>). */
  onAttach?: (element: E) => void,
) {
  watch([track, element], ([current, target], [oldTrack, oldTarget]) => {
    if (oldTrack && oldTarget) oldTrack.detach(oldTarget)
    if (current && target) {
      current.attach(target)
      onAttach?.(target)
    }
  }, { immediate: true })
  tryOnScopeDispose(() => {
    if (track.value && element.value) track.value.detach(element.value)
  })
}
