// Screen sharing for a host: on/off, and back to the camera when the browser's own "Stop sharing"
// ends the capture (livekit-client unpublishes the ended track; we follow its events).
import type { Room } from 'livekit-client'
import type { Ref } from 'vue'

export function useScreenShare(room: Ref<Room | null>) {
  const isSharing = ref(false)
  const isBusy = ref(false)
  const isSupported = computed(() => import.meta.client && !!navigator.mediaDevices?.getDisplayMedia)

  // Also catches the browser's own "Stop sharing": livekit-client unpublishes the ended track.
  const sync = () => {
    isSharing.value = !!room.value?.localParticipant.isScreenShareEnabled
  }
  useRoomEvents(room, { localTrackPublished: sync, localTrackUnpublished: sync }, { onRoom: sync })

  /** Throws the browser's error; a cancelled picker (NotAllowedError) is not an error worth showing. */
  async function toggle() {
    const current = room.value
    if (!current || isBusy.value) return
    isBusy.value = true
    try {
      const lk = await loadLiveKit()
      await current.localParticipant.setScreenShareEnabled(!isSharing.value, { audio: false, resolution: lk.VideoPresets.h1080.resolution, contentHint: 'detail' })
      isSharing.value = current.localParticipant.isScreenShareEnabled
    }
    catch (error) {
      if ((error as Error).name !== 'NotAllowedError') throw error
    }
    finally {
      isBusy.value = false
    }
  }

  return { isSharing, isBusy, isSupported, toggle }
}
