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

function requestToken(request: TokenRequest): Promise<TokenResponse> {
  const { room, username, admin } = request
  return $fetch<TokenResponse>('/api/livekit/token', { query: { room, username, ...(admin ? { admin: 'true' } : {}) } })
}

/** A token asked for before the player mounted (plugins/viewer-early-start.client.ts). */
let early: { key: string, at: number, token: Promise<TokenResponse> } | null = null
const EARLY_TOKEN_MAX_AGE_MS = 30_000
/** Two requests for the same join (room, name, role) have the same key. */
export const tokenRequestKey = (request: TokenRequest) => JSON.stringify([request.room, request.username, !!request.admin])

/**
 * Starts the token request now, while the page is still hydrating; the next fetchLiveKitToken for
 * the same request (the player's connect) takes this answer instead of asking again.
 */
export function prefetchLiveKitToken(request: TokenRequest): void {
  const token = requestToken(request)
  token.catch(() => {}) // a failure is the connect's to report, when it takes this answer
  early = { key: tokenRequestKey(request), at: Date.now(), token }
}

export function fetchLiveKitToken(request: TokenRequest): Promise<TokenResponse> {
  const prefetched = early
  early = null // used once: a retry after an error asks again
  if (prefetched && prefetched.key === tokenRequestKey(request) && Date.now() - prefetched.at < EARLY_TOKEN_MAX_AGE_MS) return prefetched.token
  return requestToken(request)
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
