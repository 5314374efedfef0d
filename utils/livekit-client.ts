// The one place livekit-client is loaded: dynamically, in the browser only, so pages that do not
// stream never download its ~150 KB and SSR never evaluates it.
import type { RoomOptions } from 'livekit-client'
import type { TokenRequest, TokenResponse } from '#shared/types/livekit'

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

/**
 * During server rendering: lists livekit-client among the page's modules, so the HTML carries a
 * <link rel="modulepreload"> for its chunk and the browser fetches it in parallel with the app's own.
 */
export function preloadLiveKitChunk() {
  if (import.meta.server) useNuxtApp().ssrContext?.modules?.add(__LIVEKIT_CLIENT_MODULE_ID__)
}

/** Two requests for the same join (room, name, role) have the same key. */
export const tokenRequestKey = (request: TokenRequest) => JSON.stringify([request.room, request.username, !!request.admin])

export function fetchLiveKitToken(request: TokenRequest): Promise<TokenResponse> {
  const { room, username, admin } = request
  return $fetch<TokenResponse>('/api/livekit/token', { query: { room, username, ...(admin ? { admin: 'true' } : {}) } })
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
