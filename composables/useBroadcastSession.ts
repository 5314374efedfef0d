// The host's show as one object: the Room (through useLiveKit, which owns the connection),
// camera/mic, screen share, quality, recording, stats, the preview → live → ended phases, and what a
// live show needs whichever layout is on screen (camera preview, leave warning, screen kept awake).
// LiveKitBroadcaster and MobileBroadcaster are two layouts over it. The page's ResponsiveBroadcaster
// provides one session and switches layouts on resize/rotate; because the session (not the layout)
// owns the Room and the tracks, a switch never stops the camera or reconnects. A layout used on its
// own creates its own session.
import type { InjectionKey, MaybeRefOrGetter } from 'vue'
import type { ShowJoin } from '#shared/types/livekit'

/** The guide's studio props (LiveKitBroadcaster, MobileBroadcaster, ResponsiveBroadcaster). */
export interface BroadcastProps {
  roomName: string
  username: string
}

/** The guide's props as the one request shape (mapped here, once). */
export const broadcastJoin = (props: BroadcastProps): ShowJoin => ({ room: props.roomName, username: props.username })

export type BroadcastPhase = 'preview' | 'going-live' | 'live' | 'ended'

function createBroadcastSession(show: MaybeRefOrGetter<ShowJoin>) {
  const { room, connectionState, viewerCount, connect, disconnect } = useLiveKit(() => ({ ...toValue(show), admin: true }))
  const media = useLocalMedia()
  const screen = useScreenShare(room)
  const quality = usePublishQuality()
  const recording = useRecording(() => toValue(show).room)
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
  /**
   * End show's request ending the record (true once it has): Go live again waits for it, then
   * schedules the show again first — not after a dropped connection, which leaves the record live.
   */
  let endedOnRecord: Promise<boolean> | null = null
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
    const ended = endedOnRecord
    endedOnRecord = null
    let rescheduled = false
    try {
      if (ended && await ended) {
        await scheduleShowAgain(toValue(show).room)
        rescheduled = true
      }
      const connected = await connect()
      await media.publish(connected, await quality.options())
      // On air: the show's record is live from now (opening the studio left it scheduled).
      await announceOnAir(toValue(show).room)
      liveSince.value = Date.now()
      phase.value = 'live'
      showOn = true
    }
    catch (error) {
      phase.value = 'preview'
      // The record as it was before this attempt, so the next Go live again reschedules it: ended
      // again (best effort) rather than an upcoming show whose start has passed.
      endedOnRecord = rescheduled ? announceOffAir(toValue(show).room) : ended
      throw error
    }
  }

  async function endShow() {
    showOn = false
    // Sent first (with keepalive): a host who closes the tab right after End show still ends it.
    endedOnRecord = announceOffAir(toValue(show).room)
    if (recording.isRecording.value) await recording.stop()
    await disconnect()
    liveSince.value = null
    phase.value = 'ended'
    await endedOnRecord
  }

  useRejoin(room, goLive, () => showOn)

  // A server-side end (room deleted, network gone for good) also ends the show here. If it ended
  // because this device went offline, the show resumes by itself when the network is back.
  const { offline, onReconnect } = useNetworkStatus()
  let resumeWhenOnline = false
  watch(connectionState, (state) => {
    // Not End show's own disconnect (showOn is already off): that one must never resume by itself.
    if (state === 'disconnected' && phase.value === 'live' && showOn) {
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

  // The camera preview: the layout on screen hands over its <video> (BroadcastStage), the session
  // keeps the camera attached to it, across layout switches and camera flips.
  const preview = useLayoutElement<HTMLVideoElement>()
  useAttachedTrack(media.cameraTrack, preview.element)
  // Home page cards show a recent frame of the show: taken from this preview while live.
  useStudioSnapshot(() => toValue(show).room, preview.element, live)

  // Whichever layout is on screen: a live host is asked before leaving (reload, close, a link) and
  // the screen stays awake (a phone must not go dark mid-show).
  useLeaveGuard(live, 'You are live. Leaving this page ends the show for your viewers. Leave anyway?')
  useScreenWakeLock(live)

  // A flip already switched the device: only a choice from the list restarts the camera.
  watch(media.cameraId, (id) => {
    if (id !== media.activeCameraId()) void media.selectCamera(id)
  })
  watch(media.micId, id => media.selectMicrophone(id))

  return {
    room, connectionState, viewerCount, media, screen, quality, recording, streamStats,
    phase, live, liveSince, durationSeconds, startPreview, goLive, endShow, applyQuality, flipCamera,
    bindPreview: preview.bind,
  }
}

export type BroadcastSession = ReturnType<typeof createBroadcastSession>
const BROADCAST_SESSION: InjectionKey<BroadcastSession> = Symbol('broadcast-session')

/** For the component that outlives layout switches (ResponsiveBroadcaster). */
export function provideBroadcastSession(show: MaybeRefOrGetter<ShowJoin>) {
  const session = createBroadcastSession(show)
  provide(BROADCAST_SESSION, session)
  return session
}

/**
 * The session of the studio around the caller. A layout passes its show: it gets the page's
 * session (ResponsiveBroadcaster) or, used on its own, creates one and provides it to its children.
 * Parts inside a layout (BroadcastStage, shop and chat panels) call it without arguments.
 */
export function useBroadcastSession(show?: MaybeRefOrGetter<ShowJoin>): BroadcastSession {
  const provided = inject(BROADCAST_SESSION, null)
  if (provided) return provided
  if (show === undefined) throw new Error('useBroadcastSession() without a show must be called inside a studio layout')
  return provideBroadcastSession(show)
}

/**
 * A studio layout's setup (LiveKitBroadcaster, MobileBroadcaster): the page's session, recording
 * changes reported as the guide's `recording-state-change`, and the camera preview opened once
 * mounted (permission errors reach LiveKitErrorBoundary through onErrorCaptured).
 */
export function useBroadcastLayout(props: BroadcastProps, onRecordingChange: (recording: boolean) => void): BroadcastSession {
  const session = useBroadcastSession(() => broadcastJoin(props))
  watch(session.recording.isRecording, onRecordingChange)
  onMounted(async () => {
    await session.startPreview()
  })
  return session
}
