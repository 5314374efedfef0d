// Recording happy paths at the Egress Twirp boundary. LIVEKIT_EGRESS_URL points at a TEST DOUBLE
// (support/egress-twirp-double.ts) standing in for LiveKit's Egress service only: what is checked
// is what the app's real EgressClient sends. Everything else is real: the "room is live" check
// asks the real LiveKit server's RoomService, where a demo publisher is on air.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { RoomServiceClient } from 'livekit-server-sdk'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'
import { signIn, startApp, startStack, type AppServer, type Stack } from './support/stack'
import { createShows } from './support/shows'
import { eventually, fetchToken } from './support/rtc'
import { startEgressTwirpDouble, type EgressTwirpDouble } from './support/egress-twirp-double'
import { createHostAccount, signInHost } from './support/hosts'

let double: EgressTwirpDouble
let stack: Stack
let s3App: AppServer | undefined
let hostCookie: string
let s3Cookie: string
let otherHostCookie: string
let publisher: Awaited<ReturnType<typeof startDemoPublisher>> | undefined
const ROOM = 'rec-double'
const FILE = /^recordings\/rec-double-\d{8}-\d{6}Z\.(mp4|ogg)$/
const STORAGE = {
  CLOUD_STORAGE_BUCKET: 'liveshop-recordings',
  CLOUD_STORAGE_ACCESS_KEY: 'AKIA-TEST',
  CLOUD_STORAGE_SECRET_KEY: 'secret-test',
  CLOUD_STORAGE_REGION: 'eu-central-1',
  CLOUD_STORAGE_ENDPOINT: 'http://127.0.0.1:9000',
}

beforeAll(async () => {
  double = await startEgressTwirpDouble()
  stack = await startStack({ webhooks: false, env: { LIVEKIT_EGRESS_URL: double.url } })
  await createShows(stack, [ROOM])
  double.keys = { apiKey: stack.livekit.apiKey, apiSecret: stack.livekit.apiSecret }
  // A second instance of the app, same LiveKit and Egress, recording to S3-compatible storage.
  s3App = await startApp({ ...stack.appEnv, ...STORAGE })
  hostCookie = await signIn(stack.app.url, stack.hostKey)
  s3Cookie = await signIn(s3App.url, stack.hostKey)
  // A second host account: ROOM is the key host's show, so this one may not record it.
  const other = { name: 'Other Seller', email: 'other@example.com', password: 'another long passphrase' }
  await createHostAccount(stack.app.url, other, { opsKey: stack.opsKey })
  otherHostCookie = await signInHost(stack.app.url, other.email, other.password)
  const token = await fetchToken(stack.app.url, { room: ROOM, username: 'Host', admin: 'true' }, hostCookie)
  publisher = await startDemoPublisher({ url: token.url, token: token.token, width: 160, height: 90 })
  const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
  await eventually(async () => (await rooms.listRooms([ROOM]))[0]?.numPublishers === 1, { timeoutMs: 20_000 })
})

afterAll(async () => {
  await publisher?.stop().catch(() => {})
  await s3App?.stop()
  await stack?.stop()
  await double?.close()
})

beforeEach(() => double.reset())

async function post(route: 'start' | 'stop', body: unknown, app: 'file' | 's3' | 'other-host' = 'file') {
  const response = await fetch(`${app === 's3' ? s3App!.url : stack.app.url}/api/livekit/egress/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cookie': { 'file': hostCookie, 's3': s3Cookie, 'other-host': otherHostCookie }[app] },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() as Record<string, unknown> & { data?: { egressId?: string } } }
}

const startCalls = () => double.calls.filter(call => call.method === 'StartRoomCompositeEgress')
const activeIds = () => [...double.egresses.values()].filter(e => e.status === 'EGRESS_STARTING' || e.status === 'EGRESS_ACTIVE').map(e => e.egressId)

describe('recording at the Egress Twirp boundary (test double for the Egress service)', () => {
  it.each([
    [{}, 'speaker', false, 'MP4'],
    [{ mode: 'grid' }, 'grid', false, 'MP4'],
    [{ mode: 'single-speaker' }, 'single-speaker', false, 'MP4'],
    [{ mode: 'grid', audioOnly: true }, 'grid', true, 'OGG'],
  ] as const)('start %j sends layout %s, audioOnly %s, a %s file named after room and time', async (extra, layout, audioOnly, fileType) => {
    const { status, json } = await post('start', { roomName: ROOM, ...extra })
    expect(status).toBe(201)
    expect(json).toMatchObject({ roomName: ROOM, status: 'EGRESS_STARTING', egressId: expect.stringMatching(/^EG_/) })
    expect(json.location).toMatch(FILE)
    expect(Math.abs(Date.parse(String(json.startedAt)) - Date.now())).toBeLessThan(60_000)

    const [start] = startCalls()
    expect(startCalls()).toHaveLength(1)
    expect(start!.path).toBe('/twirp/livekit.Egress/StartRoomCompositeEgress')
    expect(start!.grants.video?.roomRecord).toBe(true)
    expect(start!.body.roomName).toBe(ROOM)
    expect(start!.body.layout).toBe(layout)
    expect(start!.body.audioOnly ?? false).toBe(audioOnly)
    const [file] = start!.body.fileOutputs as Record<string, unknown>[]
    expect(file).toMatchObject({ fileType, filepath: json.location })
    expect(String(file!.filepath).endsWith(audioOnly ? '.ogg' : '.mp4')).toBe(true)
    expect(file!.s3).toBeUndefined()
    expect(activeIds()).toEqual([json.egressId])

    const stop = await post('stop', { roomName: ROOM })
    expect(stop).toEqual({ status: 200, json: { stopped: [json.egressId] } })
    expect(activeIds()).toEqual([])
  })

  it('sends S3 upload fields when cloud storage is configured', async () => {
    const { status, json } = await post('start', { roomName: ROOM }, 's3')
    expect(status).toBe(201)
    const file = (startCalls()[0]!.body.fileOutputs as Record<string, unknown>[])[0]!
    expect(file.s3).toEqual({
      accessKey: 'AKIA-TEST',
      secret: 'secret-test',
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'liveshop-recordings',
      forcePathStyle: true,
    })
    expect(json.location).toBe(`s3://liveshop-recordings/${file.filepath}`)
    expect(String(file.filepath)).toMatch(FILE)
    await post('stop', { egressId: json.egressId }, 's3')
  })

  it('answers 409 naming the active egress when the room is already recording', async () => {
    const first = await post('start', { roomName: ROOM })
    expect(first.status).toBe(201)
    const second = await post('start', { roomName: ROOM, mode: 'grid' })
    expect(second.status).toBe(409)
    expect(second.json.message).toBe(`Room "${ROOM}" is already being recorded (egress ${first.json.egressId}). Stop that recording first.`)
    expect(second.json.data?.egressId).toBe(first.json.egressId)
    expect(startCalls()).toHaveLength(1)
  })

  it('lets only one of two concurrent starts through (one app instance)', async () => {
    double.startDelayMs = 300
    const results = await Promise.all([post('start', { roomName: ROOM }), post('start', { roomName: ROOM })])
    const statuses = results.map(r => r.status).sort()
    expect(statuses).toEqual([201, 409])
    const winner = results.find(r => r.status === 201)!.json.egressId
    expect(activeIds()).toEqual([winner])
    expect(results.find(r => r.status === 409)!.json.data?.egressId).toBe(winner)
  })

  it('settles two concurrent starts on two app instances to one recording', async () => {
    // Both instances' "anything active?" checks see nothing (their lists are answered together,
    // with what each saw on arrival), so both start one: each then lists again and the larger
    // egress id stops itself.
    double.listTogether = 2
    double.startDelayMs = 300
    const results = await Promise.all([post('start', { roomName: ROOM }), post('start', { roomName: ROOM }, 's3')])
    expect(startCalls()).toHaveLength(2)
    expect(results.map(r => r.status).sort()).toEqual([201, 409])
    const winner = results.find(r => r.status === 201)!.json.egressId
    expect(activeIds()).toEqual([winner])
    expect(double.calls.filter(call => call.method === 'StopEgress')).toHaveLength(1)
  })

  it('stop by room stops every active recording of the room; then nothing is left to stop', async () => {
    const ours = await post('start', { roomName: ROOM })
    // A second recording of the same room started outside this app (e.g. LiveKit auto-egress).
    double.egresses.set('EG_elsewhere', { egressId: 'EG_elsewhere', roomName: ROOM, status: 'EGRESS_ACTIVE', startedAt: String(Date.now() * 1_000_000), request: {} })
    double.egresses.set('EG_otherroom', { egressId: 'EG_otherroom', roomName: 'other-room', status: 'EGRESS_ACTIVE', startedAt: '1', request: {} })
    const stop = await post('stop', { roomName: ROOM })
    expect(stop.status).toBe(200)
    expect((stop.json.stopped as string[]).sort()).toEqual([ours.json.egressId, 'EG_elsewhere'].sort())
    expect(activeIds()).toEqual(['EG_otherroom'])
    expect(double.calls.filter(call => call.method === 'StopEgress').every(call => call.grants.video?.roomRecord)).toBe(true)
    const again = await post('stop', { roomName: ROOM })
    expect(again.status).toBe(404)
    expect(again.json.message).toBe(`Nothing is being recorded in room "${ROOM}".`)
  })

  it('stop by egress id stops that one only when it belongs to the given room', async () => {
    const { json } = await post('start', { roomName: ROOM })
    const wrongRoom = await post('stop', { roomName: 'other-room', egressId: json.egressId })
    expect(wrongRoom.status).toBe(404)
    expect(activeIds()).toEqual([json.egressId])
    expect(await post('stop', { egressId: json.egressId })).toEqual({ status: 200, json: { stopped: [json.egressId] } })
    expect((await post('stop', { egressId: json.egressId })).status).toBe(404)
  })

  it('lets only the show\'s own host record it: another host gets 403 to start and to stop, by room or by id', async () => {
    const denied = await post('start', { roomName: ROOM }, 'other-host')
    expect(denied).toEqual({ status: 403, json: expect.objectContaining({ statusCode: 403, message: 'This show belongs to another host.' }) })
    expect(startCalls()).toHaveLength(0)

    const owner = await post('start', { roomName: ROOM })
    expect(owner.status).toBe(201)
    for (const body of [{ roomName: ROOM }, { egressId: owner.json.egressId }, { roomName: ROOM, egressId: owner.json.egressId }]) {
      const stop = await post('stop', body, 'other-host')
      expect(stop.status, JSON.stringify(body)).toBe(403)
      expect(stop.json.message).toBe('This show belongs to another host.')
    }
    expect(activeIds()).toEqual([owner.json.egressId])
    expect(double.calls.filter(call => call.method === 'StopEgress')).toHaveLength(0)
    expect(await post('stop', { egressId: owner.json.egressId })).toEqual({ status: 200, json: { stopped: [owner.json.egressId] } })
  })

  it('checks that the room is live on the real LiveKit server before calling Egress', async () => {
    const { status } = await post('start', { roomName: 'not-on-air' })
    expect(status).toBe(404)
    expect(double.calls).toHaveLength(0)
  })

  it('answers 503 when LiveKit reports that no Egress worker took the job', async () => {
    // What LiveKit with Redis but no worker answers after its psrpc timeout.
    double.failStartWith = { status: 503, code: 'unavailable', msg: 'twirp error unknown: no response from servers' }
    const { status, json } = await post('start', { roomName: ROOM })
    expect(status).toBe(503)
    expect(json.message).toMatch(/^No LiveKit Egress worker is connected, so recording is not available \(LiveKit said: .*no response from servers\)/)
    expect(activeIds()).toEqual([])
  })
})
