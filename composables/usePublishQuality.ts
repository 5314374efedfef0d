// The host's quality settings: capture preset, simulcast layers and the top layer's bitrate cap.
// Applied live by republishing the camera with the new encodings (simulcast layers are fixed at
// publish time in WebRTC); viewers switch to the new track within a second.
import type { LocalVideoTrack, Room, TrackPublishOptions } from 'livekit-client'
import type { PublishSettings } from '#shared/types/stream'

export const DEFAULT_PUBLISH_SETTINGS: PublishSettings = { preset: '720p', simulcast: true, maxBitrateKbps: 1700 }

/** Layers under the top one: small enough for phones on weak links, never bigger than the capture. */
export function simulcastLayersFor(lk: LiveKitModule, settings: PublishSettings) {
  if (!settings.simulcast) return []
  if (settings.preset === '360p') return [lk.VideoPresets.h180]
  if (settings.preset === '720p') return [lk.VideoPresets.h180, lk.VideoPresets.h360]
  return [lk.VideoPresets.h360, lk.VideoPresets.h720]
}

export function publishOptionsFor(lk: LiveKitModule, settings: PublishSettings): TrackPublishOptions {
  return {
    simulcast: settings.simulcast,
    videoSimulcastLayers: simulcastLayersFor(lk, settings),
    videoEncoding: { maxBitrate: settings.maxBitrateKbps * 1000, maxFramerate: 30 },
  }
}

export function usePublishQuality(initial: PublishSettings = DEFAULT_PUBLISH_SETTINGS) {
  const settings = ref<PublishSettings>({ ...initial })
  /** The settings currently on air (differs from `settings` until applied). */
  const applied = ref<PublishSettings>({ ...initial })
  const isApplying = ref(false)

  async function options(): Promise<TrackPublishOptions> {
    return publishOptionsFor(await loadLiveKit(), settings.value)
  }

  /**
   * Applies `settings`: restarts the capture at the new size and, when live, republishes the
   * camera with the new layers and bitrate. `resize` restarts the capture (useLocalMedia).
   */
  async function apply(room: Room | null, camera: LocalVideoTrack | null, resize: (preset: PublishSettings['preset']) => Promise<void>) {
    isApplying.value = true
    try {
      const next = { ...settings.value }
      const published = room && camera ? room.localParticipant.getTrackPublication(camera.source) : undefined
      if (room && camera && published?.track === camera) {
        await room.localParticipant.unpublishTrack(camera, false)
        await resize(next.preset)
        await room.localParticipant.publishTrack(camera, { source: camera.source, ...publishOptionsFor(await loadLiveKit(), next) })
      }
      else {
        await resize(next.preset)
      }
      applied.value = next
    }
    finally {
      isApplying.value = false
    }
  }

  const isDirty = computed(() => JSON.stringify(settings.value) !== JSON.stringify(applied.value))
  return { settings, applied, isApplying, isDirty, options, apply }
}
