// A viewer's connection started before the app itself (plugins/viewer-early-start.client.ts): the
// token, livekit-client and the WebRTC join run while Nuxt starts and Vue hydrates, and the player's
// first connect claims the connected Room (stores/livekit.ts) instead of joining again.
import type { Room } from 'livekit-client'
import type { TokenRequest } from '#shared/types/livekit'

export interface EarlyConnection { room: Room, module: LiveKitModule, url: string }

/** A Room nobody claimed by then (the visitor left before the player mounted) leaves the show. */
const UNCLAIMED_MS = 30_000

let pending: { key: string, connection: Promise<EarlyConnection> } | null = null

const leave = (connection: Promise<EarlyConnection>) => connection.then(({ room }) => room.disconnect(), () => {})

export function startEarlyConnection(request: TokenRequest): void {
  const connection = (async () => {
    const [module, token] = await Promise.all([loadLiveKit(), fetchLiveKitToken(request)])
    const room = new module.Room(roomOptions(module, !!request.admin))
    try {
      await room.connect(token.url, token.token)
    }
    catch (error) {
      await room.disconnect().catch(() => {})
      throw error
    }
    return { room, module, url: token.url }
  })()
  connection.catch(() => {}) // reported when claimed
  const started = { key: tokenRequestKey(request), connection }
  pending = started
  setTimeout(() => {
    if (pending !== started) return
    pending = null
    void leave(connection)
  }, UNCLAIMED_MS)
}

/**
 * The early connection for this request, once. A failed one rejects with its error: the player
 * reports it (with Retry) rather than asking the token route and LiveKit a second time at once —
 * in a join storm that would double the load on both. Null when there is none, it was for another
 * join, or its Room has dropped since: the caller then connects the ordinary way.
 */
export async function claimEarlyConnection(request: TokenRequest): Promise<EarlyConnection | null> {
  const started = pending
  pending = null
  if (!started) return null
  if (started.key !== tokenRequestKey(request)) {
    void leave(started.connection)
    return null
  }
  const claimed = await started.connection
  if (claimed.room.state === 'connected') return claimed
  await claimed.room.disconnect().catch(() => {})
  return null
}
