// A viewer's show as one object: the Room (through useLiveKit, which owns the connection), the host's tracks, the player
// state (connecting / waiting / live / ended / …), reconnecting, and the controls (volume, mute,
// quality, fullscreen, "Tap to unmute"). LiveKitPlayer and MobilePlayer are two layouts over it.
// The page's ResponsivePlayer provides one session and switches layouts on resize/rotate: the
// session owns the Room, so a switch re-attaches the tracks to the new <video> without reconnecting.
import type { InjectionKey, MaybeRefOrGetter, Ref } from 'vue'

export interface PlayerSessionOptions {
  roomName: string
  viewerName: string
}

export type PlayerState = 'connecting' | 'reconnecting' | 'waiting' | 'ended' | 'live' | 'offline'

export const PLAYER_STATUS_TEXT: Record<Exclude<PlayerState, 'live'>, string> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  waiting: 'The host is not live yet. This page starts playing as soon as they are.',
  ended: 'The show has ended. Stay here in case the host comes back, or find another show.',
  offline: 'Not connected.',
}

function createPlayerSession(options: MaybeRefOrGetter<PlayerSessionOptions>) {
  const { room, connectionState, viewerCount, isRecording, connect } = useLiveKit(() => {
    const { roomName, viewerName } = toValue(options)
    return { roomName, username: viewerName }
  })
  const tracks = useHostTracks(room)
  const { videoTrack, host, hostSeen } = tracks

  // The elements of whichever layout is on screen (see bindElements).
  const container = shallowRef<HTMLElement | null>(null)
  const videoElement = shallowRef<HTMLVideoElement | null>(null)
  const audioElement = shallowRef<HTMLAudioElement | null>(null)
  const controls = usePlayerControls({ room, ...tracks, videoElement, audioElement, container })

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

  /**
   * Hands a layout's elements to the session for as long as that layout is mounted. Only clears
   * what it set: during a switch the new layout may bind before the old one lets go.
   */
  function bindElements(elements: { container: Readonly<Ref<HTMLElement | null>>, video: Readonly<Ref<HTMLVideoElement | null>>, audio: Readonly<Ref<HTMLAudioElement | null>> }) {
    const pairs = [[container, elements.container], [videoElement, elements.video], [audioElement, elements.audio]] as const
    for (const [target, source] of pairs) {
      watch(source, (element, old) => {
        if (element) (target as Ref<HTMLElement | null>).value = element
        else if (target.value === old) target.value = null
      }, { immediate: true })
    }
    tryOnScopeDispose(() => {
      for (const [target, source] of pairs) {
        if (target.value === source.value) target.value = null
      }
    })
  }

  return {
    room, connectionState, viewerCount, isRecording, tracks, controls, state, offline, reconnecting,
    start, reconnect, bindElements,
  }
}

export type PlayerSession = ReturnType<typeof createPlayerSession>
const PLAYER_SESSION: InjectionKey<PlayerSession> = Symbol('player-session')

/** For the component that outlives layout switches (ResponsivePlayer). */
export function providePlayerSession(options: MaybeRefOrGetter<PlayerSessionOptions>) {
  const session = createPlayerSession(options)
  provide(PLAYER_SESSION, session)
  return session
}

/** The provided session, or a new one owned by the calling component. */
export function usePlayerSession(options: MaybeRefOrGetter<PlayerSessionOptions>) {
  return inject(PLAYER_SESSION, null) ?? createPlayerSession(options)
}
