// Node participants through @livekit/rtc-node (the real LiveKit client over WebRTC), for tests
// that need many or camera-less participants.
import { LocalVideoTrack, Room, TrackPublishOptions, TrackSource, VideoSource } from '@livekit/rtc-node'
import type { TokenResponse } from '../../../shared/types/livekit'

export async function fetchToken(appUrl: string, query: Record<string, string>, cookie?: string): Promise<TokenResponse> {
  const response = await fetch(`${appUrl}/api/livekit/token?${new URLSearchParams(query)}`, {
    headers: cookie ? { cookie } : {},
  })
  if (!response.ok) throw new Error(`token route answered ${response.status}: ${await response.text()}`)
  return await response.json() as TokenResponse
}

export async function joinRoom(token: TokenResponse): Promise<Room> {
  const room = new Room()
  await room.connect(token.url, token.token, { autoSubscribe: true, dynacast: false })
  return room
}

/** Publishes a tiny synthetic camera track; resolves with its sid or rejects when refused. */
export async function publishTestVideo(room: Room): Promise<string> {
  const source = new VideoSource(64, 64)
  const track = LocalVideoTrack.createVideoTrack('test-camera', source)
  const options = new TrackPublishOptions()
  options.source = TrackSource.SOURCE_CAMERA
  const publication = await room.localParticipant!.publishTrack(track, options)
  return publication.sid!
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms) }),
    ])
  }
  finally {
    clearTimeout(timer)
  }
}

/** Polls until `check` returns a truthy value (or throws the last failure). */
export async function eventually<T>(check: () => Promise<T> | T, { timeoutMs = 10_000, intervalMs = 200 } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
      last = new Error(`condition still false: ${JSON.stringify(value)}`)
    }
    catch (error) {
      last = error
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
  throw last
}
