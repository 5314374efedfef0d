// The one place livekit-client is loaded: dynamically, in the browser only, so pages that do not
// stream never download its ~150 KB and SSR never evaluates it.
import type { RoomOptions } from 'livekit-client'
import type { TokenResponse } from '#shared/types/livekit'

export type LiveKitModule = typeof import('livekit-client')

let loading: Promise<LiveKitModule> | null = null

export function loadLiveKit(): Promise<LiveKitModule> {
  if (import.meta.server) return Promise.reject(new Error('livekit-client is browser-only'))
  loading ??= import('livekit-client').catch((error) => {
    loading = null // a failed chunk load (offline) may succeed on Retry
    throw error
  })
  return loading
}

export interface RoomTarget {
  roomName: string
  username: string
  /** Host token (publish rights); needs a host session. */
  admin?: boolean
}

export function fetchLiveKitToken(target: RoomTarget): Promise<TokenResponse> {
  return $fetch<TokenResponse>('/api/livekit/token', {
    query: { room: target.roomName, username: target.username, ...(target.admin ? { admin: 'true' } : {}) },
  })
}

/**
 * Room options: adaptive stream (viewers get the layer their player needs, nothing while hidden) and
 * dynacast (hosts stop encoding layers nobody watches). Hosts publish simulcast, keep their local
 * tracks alive across an End show (preview continues), and viewers never publish.
 */
export function roomOptions(lk: LiveKitModule, isHost: boolean): RoomOptions {
  return {
    adaptiveStream: true,
    dynacast: true,
    stopLocalTrackOnUnpublish: !isHost,
    // useLiveKit leaves on pagehide itself: livekit-client's own handler also fires on beforeunload,
    // which would drop a live host who answered the leave warning with "Stay".
    disconnectOnPageLeave: false,
    publishDefaults: isHost
      ? { simulcast: true, videoSimulcastLayers: [lk.VideoPresets.h180, lk.VideoPresets.h360], red: true, dtx: true }
      : undefined,
  }
}
