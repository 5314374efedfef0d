// The host's show as one object: the Room (through useLiveKit, which owns the connection), camera/mic, screen share, quality,
// recording, stats and the preview → live → ended phases. LiveKitBroadcaster and MobileBroadcaster
// are two layouts over it. The page's ResponsiveBroadcaster provides one session and switches
// layouts on resize/rotate; because the session (not the layout) owns the Room and the tracks, a
// switch never stops the camera or reconnects. A layout used on its own creates its own session.
import type { InjectionKey, MaybeRefOrGetter } from 'vue'

export interface BroadcastSessionOptions {
  roomName: string
  username: string
}

export type BroadcastPhase = 'preview' | 'going-live' | 'live' | 'ended'

function createBroadcastSession(options: MaybeRefOrGetter<BroadcastSessionOptions>) {
  const { room, connectionState, viewerCount, connect, disconnect } = useLiveKit(() => ({ ...toValue(options), admin: true }))
  const media = useLocalMedia()
  const screen = useScreenShare(room)
  const quality = usePublishQuality()
  const recording = useRecording(() => toValue(options).roomName)
  // The show's one WebRTC stats sampler (1 s): badges, `metrics-update` and the Stats tab all read
  // it. markRaw: it is handed to LiveKitAnalytics as a prop and must stay a bag of refs.
  const streamStats = markRaw(useStreamStats(room))

  const phase = ref<BroadcastPhase>('preview')
  const live = computed(() => phase.value === 'live')
  const liveSince = ref<number | null>(null)
  const now = useNow({ interval: 1000 })
  const durationSeconds = computed(() => (liveSince.value ? (now.value.getTime() - liveSince.value) / 1000 : 0))

  /** Live until the host ends the show: a lost LiveKit node does not end it (useRejoin publishes again). */
  let showOn = false
  let starting: Promise<void> | null = null
  /** Opens camera and mic once per session (a layout switch must not ask again). Throws permission errors. */
  function startPreview() {
    starting ??= media.start(quality.settings.value.preset).catch((error) => {
      starting = null
      throw error
    })
    return starting
  }

  async function goLive() {
    phase.value = 'going-live'
    try {
      const connected = await connect()
      await media.publish(connected, await quality.options())
      liveSince.value = Date.now()
      phase.value = 'live'
      showOn = true
    }
    catch (error) {
      phase.value = 'preview'
      throw error
    }
  }

  async function endShow() {
    showOn = false
    if (recording.isRecording.value) await recording.stop()
    await disconnect()
    liveSince.value = null
    phase.value = 'ended'
  }

  useRejoin(room, goLive, () => showOn)

  // A server-side end (room deleted, network gone for good) also ends the show here. If it ended
  // because this device went offline, the show resumes by itself when the network is back.
  const { offline, onReconnect } = useNetworkStatus()
  let resumeWhenOnline = false
  watch(connectionState, (state) => {
    if (state === 'disconnected' && phase.value === 'live') {
      resumeWhenOnline = offline.value
      phase.value = 'ended'
      liveSince.value = null
    }
  })
  onReconnect(() => {
    if (!resumeWhenOnline || phase.value !== 'ended') return
    resumeWhenOnline = false
    // On failure the studio is back in preview, with its Go live button.
    goLive().catch(() => {})
  })

  /** Front ↔ back camera at the chosen capture size. */
  async function flipCamera() {
    await media.flipCamera(quality.settings.value.preset)
  }

  async function applyQuality() {
    await quality.apply(room.value, media.cameraTrack.value, preset => media.setCaptureResolution(preset))
  }

  // A flip already switched the device: only a choice from the list restarts the camera.
  watch(media.cameraId, (id) => {
    if (id !== media.activeCameraId()) void media.selectCamera(id)
  })
  watch(media.micId, id => media.selectMicrophone(id))

  return {
    room, connectionState, viewerCount, media, screen, quality, recording, streamStats,
    phase, live, liveSince, durationSeconds, startPreview, goLive, endShow, applyQuality, flipCamera,
  }
}

export type BroadcastSession = ReturnType<typeof createBroadcastSession>
const BROADCAST_SESSION: InjectionKey<BroadcastSession> = Symbol('broadcast-session')

/** For the component that outlives layout switches (ResponsiveBroadcaster). */
export function provideBroadcastSession(options: MaybeRefOrGetter<BroadcastSessionOptions>) {
  const session = createBroadcastSession(options)
  provide(BROADCAST_SESSION, session)
  return session
}

/** The provided session, or a new one owned by the calling component. */
export function useBroadcastSession(options: MaybeRefOrGetter<BroadcastSessionOptions>) {
  return inject(BROADCAST_SESSION, null) ?? createBroadcastSession(options)
}
