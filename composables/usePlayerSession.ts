// A viewer's show as one object: the Room (through useLiveKit, which owns the connection), the
// host's tracks, the player state (connecting / waiting / live / ended / …), reconnecting, and the
// controls (volume, mute, quality, fullscreen, "Tap to unmute"). LiveKitPlayer and MobilePlayer are
// two layouts over it, sharing PlayerStage and PlayerControls. The page's ResponsivePlayer provides
// one session and switches layouts on resize/rotate: the session owns the Room, so a switch
// re-attaches the tracks to the new <video> without reconnecting.
import type { InjectionKey, MaybeRefOrGetter, Ref } from 'vue'
import type { ShowJoin } from '#shared/types/livekit'

/** The guide's player props (LiveKitPlayer, MobilePlayer, ResponsivePlayer). */
export interface PlayerProps {
  roomName: string
  viewerName: string
}

/** The guide's props as the one request shape (mapped here, once). */
export const playerJoin = (props: PlayerProps): ShowJoin => ({ room: props.roomName, username: props.viewerName })

export type PlayerState = 'connecting' | 'reconnecting' | 'waiting' | 'ended' | 'live' | 'offline'

export const PLAYER_STATUS_TEXT: Record<Exclude<PlayerState, 'live'>, string> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  waiting: 'The host is not live yet. This page starts playing as soon as they are.',
  ended: 'The show has ended. Stay here in case the host comes back, or find another show.',
  offline: 'Not connected.',
}

function createPlayerSession(show: MaybeRefOrGetter<ShowJoin>) {
  const { room, connectionState, viewerCount, isRecording, connect } = useLiveKit(() => toValue(show))
  const tracks = useHostTracks(room)
  const { videoTrack, host, hostSeen } = tracks

  // The elements of whichever layout is on screen (PlayerStage hands them over: bindElements).
  const stage = useLayoutElement<HTMLElement>()
  const video = useLayoutElement<HTMLVideoElement>()
  const audio = useLayoutElement<HTMLAudioElement>()
  const controls = usePlayerControls({ room, ...tracks, videoElement: video.element, audioElement: audio.element, container: stage.element })

  // LiveKit unreachable for longer than livekit-client retries (a node died): join again by itself.
  const rejoin = useRejoin(room, () => connect(), () => true)

  const state = computed<PlayerState>(() => {
    switch (connectionState.value) {
      case 'connecting': return 'connecting'
      case 'reconnecting':
      case 'signalReconnecting': return 'reconnecting'
      case 'disconnected': return rejoin.rejoining.value ? 'reconnecting' : 'offline'
    }
    if (videoTrack.value) return 'live'
    return hostSeen.value && !host.value ? 'ended' : 'waiting'
  })

  // Chat and shop panels wait for the first picture (or for news that there is none: waiting,
  // ended, offline): their code then loads after the video, not in competition with it (issue 12).
  // A live show whose video does not play within a few seconds (a slow decoder) gets them anyway.
  const panelsReady = ref(false)
  const showPanels = () => {
    panelsReady.value = true
  }
  useEventListener(video.element, 'playing', showPanels, { passive: true })
  const { start: showPanelsSoon } = useTimeoutFn(showPanels, 3_000, { immediate: false })
  watch(state, (now, before) => {
    if (now === 'live') showPanelsSoon()
    // 'offline' is also the state before the first connect (before === undefined): not news yet.
    else if (now === 'waiting' || now === 'ended' || (now === 'offline' && before)) showPanels()
  }, { immediate: true })

  let started: Promise<unknown> | null = null
  /** Connects once per session; a layout switch calls this again and gets the same connection. */
  function start() {
    started ??= connect()
    return started
  }

  // livekit-client retries on its own for a while; if it gave up while the device was offline, the
  // network coming back is the moment to try again (the Reconnect button does the same by hand).
  const { offline, onReconnect } = useNetworkStatus()
  const reconnecting = ref(false)
  async function reconnect() {
    reconnecting.value = true
    try {
      await connect()
    }
    catch {
      // Still unreachable: the "Not connected" state stays, with its button.
    }
    finally {
      reconnecting.value = false
    }
  }
  onReconnect(() => {
    if (connectionState.value === 'disconnected') void reconnect()
  })

  /** Hands a layout's stage, <video> and <audio> to the session for as long as that layout is mounted. */
  function bindElements(elements: { container: Readonly<Ref<HTMLElement | null>>, video: Readonly<Ref<HTMLVideoElement | null>>, audio: Readonly<Ref<HTMLAudioElement | null>> }) {
    stage.bind(elements.container)
    video.bind(elements.video)
    audio.bind(elements.audio)
  }

  return {
    room, connectionState, viewerCount, isRecording, tracks, controls, state, panelsReady, offline, reconnecting,
    start, reconnect, bindElements,
  }
}

export type PlayerSession = ReturnType<typeof createPlayerSession>
const PLAYER_SESSION: InjectionKey<PlayerSession> = Symbol('player-session')

/** For the component that outlives layout switches (ResponsivePlayer). */
export function providePlayerSession(show: MaybeRefOrGetter<ShowJoin>) {
  const session = createPlayerSession(show)
  provide(PLAYER_SESSION, session)
  return session
}

/**
 * The session of the player around the caller. A layout passes its show: it gets the page's
 * session (ResponsivePlayer) or, used on its own, creates one and provides it to its children.
 * Parts inside a layout (PlayerStage, shop and chat panels) call it without arguments.
 */
export function usePlayerSession(show?: MaybeRefOrGetter<ShowJoin>): PlayerSession {
  const provided = inject(PLAYER_SESSION, null)
  if (provided) return provided
  if (show === undefined) throw new Error('usePlayerSession() without a show must be called inside a player layout')
  return providePlayerSession(show)
}

/**
 * A player layout's setup (LiveKitPlayer, MobilePlayer): the page's session, the viewer count
 * reported as the guide's `viewer-count-update`, and the connection started once mounted (a
 * rejection reaches LiveKitErrorBoundary through onErrorCaptured).
 */
export function usePlayerLayout(props: PlayerProps, onViewerCount: (count: number) => void): PlayerSession {
  const session = usePlayerSession(() => playerJoin(props))
  watch(session.viewerCount, onViewerCount, { immediate: true })
  onMounted(async () => {
    try {
      await session.start()
    }
    catch (error) {
      // Overtaken by a disconnect (this player closing, or another show's): nothing to report.
      if (!(error instanceof ConnectSuperseded)) throw error
    }
  })
  return session
}
