// The host's camera and microphone: a preview before going live, device choice, mute/unmute and
// enable/disable — the same tracks are later published, so what the host previews is what goes out.
// Used through useBroadcastSession by LiveKitBroadcaster and MobileBroadcaster.
import type { LocalAudioTrack, LocalVideoTrack, Room, TrackPublishOptions } from 'livekit-client'
import type { CapturePreset } from '#shared/types/stream'

export interface MediaDevice {
  deviceId: string
  label: string
}

export function presetResolution(lk: LiveKitModule, preset: CapturePreset) {
  const map = { '360p': lk.VideoPresets.h360, '720p': lk.VideoPresets.h720, '1080p': lk.VideoPresets.h1080 }
  return map[preset].resolution
}

export function useLocalMedia() {
  const cameraTrack = shallowRef<LocalVideoTrack | null>(null)
  const micTrack = shallowRef<LocalAudioTrack | null>(null)
  const cameras = ref<MediaDevice[]>([])
  const microphones = ref<MediaDevice[]>([])
  const cameraId = ref<string>('')
  const micId = ref<string>('')
  const micEnabled = ref(true)
  const cameraEnabled = ref(true)
  const isStarting = ref(false)
  /** Which way the camera looks on phones ('user' = front/selfie, 'environment' = back). */
  const facingMode = ref<'user' | 'environment'>('user')

  async function refreshDevices(lk: LiveKitModule) {
    const list = async (kind: MediaDeviceKind) => (await lk.Room.getLocalDevices(kind, false))
      .filter(device => device.deviceId)
      .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `${kind === 'videoinput' ? 'Camera' : 'Microphone'} ${index + 1}` }))
    cameras.value = await list('videoinput')
    microphones.value = await list('audioinput')
  }

  /** Opens camera and microphone (asks for permission). Throws the browser's error (NotAllowedError…). */
  async function start(preset: CapturePreset = '720p') {
    if (cameraTrack.value && micTrack.value) return
    isStarting.value = true
    try {
      const lk = await loadLiveKit()
      const tracks = await lk.createLocalTracks({
        audio: { deviceId: micId.value || undefined, echoCancellation: true, noiseSuppression: true },
        video: { deviceId: cameraId.value || undefined, resolution: presetResolution(lk, preset) },
      })
      for (const track of tracks) {
        if (track.kind === 'video') cameraTrack.value = markRaw(track as LocalVideoTrack)
        else micTrack.value = markRaw(track as LocalAudioTrack)
      }
      micEnabled.value = true
      cameraEnabled.value = true
      await refreshDevices(lk)
      cameraId.value = cameraTrack.value?.mediaStreamTrack.getSettings().deviceId ?? cameras.value[0]?.deviceId ?? ''
      micId.value = micTrack.value?.mediaStreamTrack.getSettings().deviceId ?? microphones.value[0]?.deviceId ?? ''
    }
    finally {
      isStarting.value = false
    }
  }

  async function selectCamera(deviceId: string) {
    cameraId.value = deviceId
    await cameraTrack.value?.setDeviceId(deviceId)
  }

  async function selectMicrophone(deviceId: string) {
    micId.value = deviceId
    await micTrack.value?.setDeviceId(deviceId)
  }

  /** The device the camera track is capturing from right now. */
  function activeCameraId() {
    return cameraTrack.value?.mediaStreamTrack.getSettings().deviceId ?? ''
  }

  /**
   * Front ↔ back camera on phones: asks the browser for the other facingMode (no device id, so the
   * phone picks its camera on that side). The same track is restarted, so a live sender keeps going.
   */
  async function flipCamera(preset: CapturePreset = '720p') {
    const track = cameraTrack.value
    if (!track) return
    const next = facingMode.value === 'user' ? 'environment' : 'user'
    const lk = await loadLiveKit()
    await track.restartTrack({ facingMode: next, resolution: presetResolution(lk, preset) })
    facingMode.value = next
    cameraId.value = activeCameraId()
  }

  /** Mute sends silence and tells viewers (TrackMuted); the track stays published. */
  async function toggleMic() {
    const track = micTrack.value
    if (!track) return
    if (track.isMuted) await track.unmute()
    else await track.mute()
    micEnabled.value = !track.isMuted
  }

  /** Disabling stops the camera (its light goes off); viewers see the placeholder. */
  async function toggleCamera() {
    const track = cameraTrack.value
    if (!track) return
    if (track.isMuted) await track.unmute()
    else await track.mute()
    cameraEnabled.value = !track.isMuted
  }

  /** Capture size change, live or in preview (the sender keeps going). */
  async function setCaptureResolution(preset: CapturePreset) {
    const track = cameraTrack.value
    if (!track) return
    const lk = await loadLiveKit()
    await track.restartTrack({ deviceId: cameraId.value || undefined, resolution: presetResolution(lk, preset) })
  }

  async function publish(room: Room, videoOptions: TrackPublishOptions = {}) {
    const lk = await loadLiveKit()
    if (micTrack.value) await room.localParticipant.publishTrack(micTrack.value, { source: lk.Track.Source.Microphone })
    if (cameraTrack.value) await room.localParticipant.publishTrack(cameraTrack.value, { source: lk.Track.Source.Camera, ...videoOptions })
  }

  function stop() {
    cameraTrack.value?.stop()
    micTrack.value?.stop()
    cameraTrack.value = null
    micTrack.value = null
  }

  tryOnScopeDispose(stop)

  return {
    cameraTrack, micTrack, cameras, microphones, cameraId, micId, micEnabled, cameraEnabled, isStarting, facingMode,
    start, stop, publish, selectCamera, selectMicrophone, toggleMic, toggleCamera, setCaptureResolution, flipCamera, activeCameraId,
  }
}
