// Recording routes against the real local LiveKit server, which has no Egress worker (none can
// run on these machines): the failure paths a host meets when recording is not available.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RoomServiceClient } from 'livekit-server-sdk'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'
import { signIn, startStack, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { eventually, fetchToken } from './support/rtc'

let stack: Stack
let hostCookie: string
let opsCookie: string
let publisher: Awaited<ReturnType<typeof startDemoPublisher>> | undefined
const ROOM = 'rec-real'

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  await createShows(stack, [ROOM, 'nobody-broadcasts-here'])
  hostCookie = await signIn(stack.app.url, stack.hostKey)
  opsCookie = await signIn(stack.app.url, stack.opsKey)
  const token = await fetchToken(stack.app.url, { room: ROOM, username: 'Host', admin: 'true' }, hostCookie)
  publisher = await startDemoPublisher({ url: token.url, token: token.token, width: 160, height: 90 })
  const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
  await eventually(async () => (await rooms.listRooms([ROOM]))[0]?.numPublishers === 1, { timeoutMs: 20_000 })
})

afterAll(async () => {
  await publisher?.stop().catch(() => {})
  await stack?.stop()
})

async function post(route: 'start' | 'stop', body: unknown, cookie?: string, contentType = 'application/json') {
  const response = await fetch(`${stack.app.url}/api/livekit/egress/${route}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  let json: Record<string, unknown> | null = null
  try {
    json = JSON.parse(text)
  }
  catch { /* asserted by the caller */ }
  return { status: response.status, json, text }
}

describe('recording routes against the real LiveKit server (no Egress worker)', () => {
  it('answers 503 saying that no Egress worker is connected, for a live room', async () => {
    const { status, json } = await post('start', { roomName: ROOM }, hostCookie)
    expect(status).toBe(503)
    expect(json?.message).toMatch(/No LiveKit Egress worker is connected/)
    expect(json?.message).toMatch(/README/)
  })

  it('answers 404 for a room that is not live, before asking Egress', async () => {
    const { status, json } = await post('start', { roomName: 'nobody-broadcasts-here' }, hostCookie)
    expect(status).toBe(404)
    expect(json?.message).toBe('Room "nobody-broadcasts-here" is not live: start broadcasting in it before recording.')
  })

  it('answers 404 "No such show" for a room that is no show, to start and to stop', async () => {
    for (const route of ['start', 'stop'] as const) {
      const { status, json } = await post(route, { roomName: 'never-a-show' }, hostCookie)
      expect(status).toBe(404)
      expect(json?.message).toMatch(/^No such show: "never-a-show"/)
    }
  })

  it('answers 404 to a stop when nothing is being recorded, by room or by egress id', async () => {
    const byRoom = await post('stop', { roomName: ROOM }, hostCookie)
    expect(byRoom.status).toBe(404)
    expect(byRoom.json?.message).toMatch(/^Nothing is being recorded in room "rec-real"/)
    const byId = await post('stop', { egressId: 'EG_doesnotexist' }, hostCookie)
    expect(byId.status).toBe(404)
    expect(byId.json?.message).toMatch(/^Recording EG_doesnotexist is not active/)
  })

  it('needs a host session: 401 without one, 403 for ops', async () => {
    for (const route of ['start', 'stop'] as const) {
      const anonymous = await post(route, { roomName: ROOM })
      expect(anonymous.status).toBe(401)
      expect(anonymous.json?.message).toMatch(/sign in/i)
      const ops = await post(route, { roomName: ROOM }, opsCookie)
      expect(ops.status).toBe(403)
      expect(ops.json?.message).toMatch(/host/)
    }
  })

  const huge = 'x'.repeat(200_000)
  const badStarts: [string, unknown][] = [
    ['empty object', {}],
    ['null roomName', { roomName: null }],
    ['number roomName', { roomName: 42 }],
    ['array roomName', { roomName: ['a'] }],
    ['object roomName', { roomName: { name: 'a' } }],
    ['empty roomName', { roomName: '' }],
    ['roomName with spaces', { roomName: 'my show' }],
    ['roomName with a slash', { roomName: '../etc/passwd' }],
    ['huge roomName', { roomName: huge }],
    ['unknown mode', { roomName: ROOM, mode: 'pip' }],
    ['mode of the wrong case', { roomName: ROOM, mode: 'GRID' }],
    ['numeric mode', { roomName: ROOM, mode: 1 }],
    ['huge mode', { roomName: ROOM, mode: huge }],
    ['audioOnly as string', { roomName: ROOM, audioOnly: 'true' }],
    ['audioOnly as number', { roomName: ROOM, audioOnly: 1 }],
    ['unknown field', { roomName: ROOM, audio_only: true }],
    ['JSON array', [{ roomName: ROOM }]],
    ['JSON string', '"rec-real"'],
    ['JSON number', '42'],
    ['JSON null', 'null'],
    ['broken JSON', '{"roomName": "rec-real"'],
    ['not JSON at all', 'roomName=rec-real'],
    ['empty body', ''],
  ]
  const badStops: [string, unknown][] = [
    ['neither roomName nor egressId', {}],
    ['number egressId', { egressId: 7 }],
    ['malformed egressId', { egressId: 'not-an-egress' }],
    ['huge egressId', { egressId: `EG_${huge}` }],
    ['bad roomName', { roomName: 'a b' }],
    ['unknown field', { room: ROOM }],
    ['broken JSON', '{'],
  ]

  // A body past the 16 KB JSON cap is refused as too large (413) before it is parsed.
  const expectedStatus = (body: unknown) => (JSON.stringify(body).length > 16 * 1024 ? 413 : 400)

  it.each(badStarts)('start with %s → 4xx JSON that says what to fix', async (_, body) => {
    const { status, json, text } = await post('start', body, hostCookie)
    expect(status, text).toBe(expectedStatus(body))
    expect(json).toMatchObject({ statusCode: expectedStatus(body) })
    expect(String(json?.message).length).toBeGreaterThan(5)
    expect(text).not.toMatch(/at \w+ \(|node_modules/) // no stack trace
  })

  it.each(badStops)('stop with %s → 4xx JSON', async (_, body) => {
    const { status, json } = await post('stop', body, hostCookie)
    expect(status).toBe(expectedStatus(body))
    expect(json).toMatchObject({ statusCode: expectedStatus(body) })
  })

  it('says which field is wrong and how to fix the stop body', async () => {
    expect((await post('start', { roomName: ROOM, mode: 'pip' }, hostCookie)).json?.message).toBe('mode: must be one of speaker, grid, single-speaker')
    expect((await post('stop', {}, hostCookie)).json?.message).toMatch(/Give roomName .* or egressId/)
  })

  it('refuses a body that is not sent as JSON with 415, not 5xx', async () => {
    const { status, json } = await post('start', 'roomName=rec-real', hostCookie, 'application/x-www-form-urlencoded')
    expect(status).toBe(415)
    expect(json?.message).toMatch(/application\/json/)
  })
})
