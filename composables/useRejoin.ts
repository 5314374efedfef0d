// A show outlives a LiveKit node. When the node holding a room dies, livekit-client resumes or
// rejoins by itself on another node (LiveKit moves the room once the dead node's stats are 5 s
// old; measured ~16 s for viewers, see README "When a LiveKit node dies"). Its retries end after
// about 45 s; if LiveKit is still unreachable then (a load balancer still sending to the dead node),
// the Room is disconnected for good. Unless the server ended it on purpose (show over, removed),
// the session joins again with a fresh token, backing off, until it works: no reload needed.
import type { Room } from 'livekit-client'
import type { Ref } from 'vue'

/** Disconnect reasons that mean "this is over for you": never rejoin after them. */
const FINAL_REASONS = new Set(['CLIENT_INITIATED', 'ROOM_DELETED', 'ROOM_CLOSED', 'PARTICIPANT_REMOVED', 'DUPLICATE_IDENTITY', 'USER_REJECTED', 'USER_UNAVAILABLE'])

/** Waits between attempts: quick at first, then every 10 s for as long as the page is open. */
export const REJOIN_DELAYS_MS = [1_000, 2_000, 4_000, 10_000] as const

/** `reasonName` is livekit-client's DisconnectReason name; undefined when it gave up retrying. */
export function isRecoverableDisconnect(reasonName: string | undefined): boolean {
  return !reasonName || !FINAL_REASONS.has(reasonName)
}

/**
 * Resolves when the LiveKit server the page last connected to answers over HTTP (its health
 * endpoint, GET / → 200). No token: asking for one would make the app create the show's room while
 * LiveKit is still coming back, and a viewer token for a host is the wrong question anyway.
 */
async function liveKitAnswers(url: string | null) {
  if (!url) throw new Error('never connected: no LiveKit URL to check')
  await $fetch(url.replace(/^ws/i, 'http'), { timeout: 5_000, responseType: 'text', retry: 0 })
}

/**
 * Calls `rejoin` (fetch a fresh token, connect, and for a host publish again) after the current
 * Room is disconnected for a reason that is not final, while `wanted()` says the show should go on.
 * A failed attempt schedules the next one. Exposes `rejoining` for the UI.
 */
export function useRejoin(room: Readonly<Ref<Room | null>>, rejoin: () => Promise<unknown>, wanted: () => boolean) {
  const rejoining = ref(false)
  const { serverUrl } = useLiveKit()
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  function schedule() {
    if (timer || disposed) return
    rejoining.value = true
    const delay = REJOIN_DELAYS_MS[Math.min(attempt, REJOIN_DELAYS_MS.length - 1)]
    attempt++
    timer = setTimeout(async () => {
      timer = undefined
      // Offline: useNetworkStatus' onReconnect resumes when the network is back.
      if (disposed || !wanted() || !navigator.onLine) {
        rejoining.value = false
        return
      }
      try {
        // Ask LiveKit first, without the Room: a failed connect is an error the page shows
        // (replacing the studio, camera and all), while this keeps everything as it is.
        await liveKitAnswers(serverUrl.value)
        await rejoin()
        attempt = 0
        rejoining.value = false
      }
      catch (error) {
        // Ended meanwhile (the host pressed End show) or gone: the error card says so; asking
        // again every 10 s would only load the token route.
        if (isShowOverError(error)) rejoining.value = false
        else schedule()
      }
    }, delay)
  }

  watch(room, async (current, _old, onCleanup) => {
    if (!current) return
    let active = true
    let unbind = () => {}
    onCleanup(() => {
      active = false
      unbind()
    })
    const lk = await loadLiveKit()
    if (!active) return
    const onDisconnected = (reason?: number) => {
      const name = reason === undefined ? undefined : lk.DisconnectReason[reason]
      if (isRecoverableDisconnect(name) && wanted()) schedule()
    }
    current.on(lk.RoomEvent.Disconnected, onDisconnected)
    unbind = () => current.off(lk.RoomEvent.Disconnected, onDisconnected)
  }, { immediate: true })

  tryOnScopeDispose(() => {
    disposed = true
    clearTimeout(timer)
    timer = undefined
  })

  return { rejoining: readonly(rejoining) }
}
