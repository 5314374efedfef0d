// Shows as records through the API: hosts create, list and edit their own shows; anyone reads a
// show's public detail (with its lineup); bad input gets a 4xx that names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { Show, ShowDetail } from '../../shared/types/catalog'
import { signIn, startStack, type Stack } from './support/stack'
import { createShow } from './support/shows'
import { webhookBody } from '../fixtures/webhooks'
import { deliver, signWebhook } from './support/webhooks'

let stack: Stack
let host: string

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  host = await signIn(stack.app.url, stack.hostKey)
})

afterAll(async () => {
  await stack?.stop()
})

async function call(method: string, path: string, body?: unknown, cookie = host) {
  const response = await fetch(`${stack.app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read whatever came back
  let json: any
  try {
    json = JSON.parse(text)
  }
  catch {
    json = text
  }
  return { status: response.status, json }
}

describe('shows API', () => {
  it('creates a scheduled show, answers 409 for a taken id, and lists it for its host', async () => {
    const created = await call('POST', '/api/shows', { id: 'spring-sale', title: '  Spring sale  ', description: 'New colours\nand sizes', scheduledAt: '2030-03-01T18:00:00Z' })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ id: 'spring-sale', title: 'Spring sale', hostId: 'builtin', hostName: 'Host', status: 'scheduled', scheduledAt: '2030-03-01T18:00:00.000Z', lineup: [] })
    const again = await call('POST', '/api/shows', { id: 'spring-sale', title: 'Another' })
    expect(again.status).toBe(409)
    expect(again.json.message).toMatch(/already exists/)
    const list = await call('GET', '/api/shows')
    expect(list.json.shows.map((show: Show) => show.id)).toContain('spring-sale')
  })

  it('serves the public detail to anyone, and an edit shows at once (the cache is dropped)', async () => {
    const before = await call('GET', '/api/shows/spring-sale', undefined, '')
    expect(before.status).toBe(200)
    expect((before.json as ShowDetail).title).toBe('Spring sale')
    const edited = await call('PATCH', '/api/shows/spring-sale', { title: 'Spring sale — day 2', scheduledAt: null })
    expect(edited.status).toBe(200)
    const after = await call('GET', '/api/shows/spring-sale', undefined, '')
    expect(after.json).toMatchObject({ title: 'Spring sale — day 2', scheduledAt: null })
    const ended = await call('PATCH', '/api/shows/spring-sale', { status: 'ended' })
    expect(ended.json).toMatchObject({ status: 'ended', endedAt: expect.any(String) })
    const unknown = await call('GET', '/api/shows/no-such-thing', undefined, '')
    expect(unknown.status).toBe(404)
    expect(unknown.json.message).toMatch(/No such show/)
  })

  it.each([
    ['no id', { title: 'x' }, /id: is required/],
    ['id with a space', { id: 'a b', title: 'x' }, /id: may only contain/],
    ['empty title', { id: 'ok-id', title: '   ' }, /title: must not be empty/],
    ['title with a control character', { id: 'ok-id', title: 'a\u0000b' }, /title: must contain printable/],
    ['a bad date', { id: 'ok-id', title: 'x', scheduledAt: 'tomorrow' }, /scheduledAt: must be a date/],
    ['an unknown field', { id: 'ok-id', title: 'x', price: 3 }, /price/],
    ['a product twice', { id: 'ok-id', title: 'x', lineup: ['p1', 'p1'] }, /lineup: must not list a product twice/],
    ['somebody else\'s product', { id: 'ok-id', title: 'x', lineup: ['not-mine'] }, /lineup: "not-mine" is not one of your products/],
    ['a bad cover image id', { id: 'ok-id', title: 'x', coverImage: '../etc/passwd' }, /coverImage: is not an uploaded image id/],
  ])('refuses %s with a 400 that names the field', async (_name, body, message) => {
    const { status, json } = await call('POST', '/api/shows', body)
    expect(status).toBe(400)
    expect(json.message).toMatch(message)
    expect((await call('GET', '/api/shows/ok-id', undefined, '')).status).toBe(404) // nothing half-made
  })

  it('needs a host session to create or edit (401), refuses ops (403) and another host\'s show (403)', async () => {
    expect((await call('POST', '/api/shows', { id: 'anon', title: 'x' }, '')).status).toBe(401)
    const ops = await signIn(stack.app.url, stack.opsKey)
    expect((await call('POST', '/api/shows', { id: 'by-ops', title: 'x' }, ops)).status).toBe(403)
    // Ops see every show.
    expect((await call('GET', '/api/shows', undefined, ops)).json.shows.length).toBeGreaterThan(0)

    const db = new Database(stack.appEnv.ANALYTICS_SQLITE_PATH!)
    const now = Date.now()
    db.prepare('INSERT INTO hosts (id, email, name, disabled, session_version, created_at, updated_at) VALUES (?, ?, ?, 0, 1, ?, ?)').run('h-other', 'o@example.com', 'Other host', now, now)
    db.prepare('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('others-show', 'h-other', 'Theirs', 'scheduled', now, now)
    db.close()
    const patch = await call('PATCH', '/api/shows/others-show', { title: 'Mine now' })
    expect(patch.status).toBe(403)
    expect((await call('GET', '/api/shows/others-show', undefined, '')).json).toMatchObject({ title: 'Theirs', hostName: 'Other host' })
    expect((await call('GET', '/api/shows')).json.shows.map((show: Show) => show.id)).not.toContain('others-show')
  })

  it('answers a non-JSON body with 415 and broken JSON with 400, never 500', async () => {
    const response = await fetch(`${stack.app.url}/api/shows`, { method: 'POST', headers: { 'cookie': host, 'content-type': 'text/plain' }, body: 'id=x' })
    expect(response.status).toBe(415)
    expect((await call('POST', '/api/shows', '{"id": "x"')).status).toBe(400)
  })

  it('is live from going on air (POST /api/shows/:id/live), not from opening the studio; idempotent; 4xx for bad input, others and ended shows', async () => {
    expect((await call('POST', '/api/shows', { id: 'on-air', title: 'On air' })).status).toBe(201)
    // The host opens the studio: the app creates the room in the real LiveKit; the show is still scheduled.
    expect((await call('GET', '/api/livekit/token?room=on-air&username=Host&admin=true')).status).toBe(200)
    expect((await call('GET', '/api/shows/on-air', undefined, '')).json).toMatchObject({ status: 'scheduled', startedAt: null })

    // Who may say it is on air: its own host only, for a show that exists, by a valid name.
    const anonymous = await call('POST', '/api/shows/on-air/live', undefined, '')
    expect(anonymous.status).toBe(401)
    const ops = await call('POST', '/api/shows/on-air/live', undefined, await signIn(stack.app.url, stack.opsKey))
    expect(ops.status).toBe(403)
    expect((await call('POST', '/api/shows/no-such-show/live')).json).toMatchObject({ statusCode: 404, message: expect.stringMatching(/No such show/) })
    expect((await call('POST', '/api/shows/bad%20name/live')).status).toBe(400)
    expect((await call('GET', '/api/shows/on-air', undefined, '')).json.status).toBe('scheduled')

    const live = await call('POST', '/api/shows/on-air/live')
    expect(live.status).toBe(200)
    expect(live.json).toMatchObject({ id: 'on-air', status: 'live', startedAt: expect.any(String), endedAt: null })
    expect((await call('GET', '/api/shows/on-air', undefined, '')).json).toMatchObject({ status: 'live', startedAt: live.json.startedAt })
    // Again (the studio after a rejoin), and the host re-opening the studio: still live, same start.
    expect((await call('POST', '/api/shows/on-air/live')).json).toMatchObject({ status: 'live', startedAt: live.json.startedAt })
    expect((await call('GET', '/api/livekit/token?room=on-air&username=Host&admin=true')).status).toBe(200)
    expect((await call('GET', '/api/shows/on-air', undefined, '')).json).toMatchObject({ status: 'live', startedAt: live.json.startedAt })

    // Ended: going on air is refused with a way forward, and so is the studio.
    expect((await call('PATCH', '/api/shows/on-air', { status: 'ended' })).json.status).toBe('ended')
    const ended = await call('POST', '/api/shows/on-air/live')
    expect(ended.status).toBe(409)
    expect(ended.json.message).toMatch(/has ended\. Schedule it again/)
    expect((await call('GET', '/api/livekit/token?room=on-air&username=Host&admin=true')).status).toBe(410)
    // "Schedule again": the studio opens, and the show is scheduled until on air.
    expect((await call('PATCH', '/api/shows/on-air', { status: 'scheduled' })).json).toMatchObject({ status: 'scheduled', startedAt: null, endedAt: null })
    expect((await call('GET', '/api/livekit/token?room=on-air&username=Host&admin=true')).status).toBe(200)
    expect((await call('GET', '/api/shows/on-air', undefined, '')).json.status).toBe('scheduled')
  })

  it('ends a live show when the room its host opened finishes, not when another room of that name does; a show never on air stays scheduled', async () => {
    expect((await call('POST', '/api/shows', { id: 'finish-rule', title: 'Finish rule' })).status).toBe(201)
    // The host opens the studio: the app creates the room in the real LiveKit.
    expect((await call('GET', '/api/livekit/token?room=finish-rule&username=Host&admin=true')).status).toBe(200)
    const { livekit } = stack
    const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret)
    const [room] = await rooms.listRooms(['finish-rule'])
    expect(room?.sid).toMatch(/^RM_/)
    /** LiveKit says a room called finish-rule with `sid` closed; what status does the show have then? */
    const finished = async (sid: string) => {
      const body = webhookBody('room_finished', { sid, name: 'finish-rule', createdAt: Date.now() - 60_000 }, Date.now())
      expect((await deliver(stack.app.url, body, await signWebhook(body, livekit.apiKey, livekit.apiSecret))).status).toBe(200)
      return (await call('GET', '/api/shows/finish-rule', undefined, '')).json.status
    }
    // The studio closed before going on air: its room finishing leaves the show scheduled.
    expect(await finished(room!.sid)).toBe('scheduled')
    expect((await call('GET', '/api/livekit/token?room=finish-rule&username=Early', undefined, '')).status).toBe(200)

    // The host goes on air in that room (the app records the room again when the studio reopens).
    expect((await call('GET', '/api/livekit/token?room=finish-rule&username=Host&admin=true')).status).toBe(200)
    expect((await call('POST', '/api/shows/finish-rule/live')).json.status).toBe('live')
    // A room of the same name made for a viewer while the host's was gone (another node, another sid).
    expect(await finished('RM_madeForAViewer')).toBe('live')
    expect(await finished(room!.sid)).toBe('ended')
    // Ended: viewers are told so.
    expect((await call('GET', '/api/livekit/token?room=finish-rule&username=Late', undefined, '')).status).toBe(410)

    // The room goes away for real; the host schedules the show again, opens the studio (a new room,
    // a new sid) and goes on air: live again. A late room_finished of the old room no longer ends
    // it; the new room's does.
    await rooms.deleteRoom('finish-rule')
    expect((await call('PATCH', '/api/shows/finish-rule', { status: 'scheduled' })).status).toBe(200)
    expect((await call('GET', '/api/livekit/token?room=finish-rule&username=Host&admin=true')).status).toBe(200)
    const [again] = await rooms.listRooms(['finish-rule'])
    expect(again?.sid).toMatch(/^RM_/)
    expect(again!.sid).not.toBe(room!.sid)
    expect((await call('POST', '/api/shows/finish-rule/live')).json.status).toBe('live')
    expect(await finished(room!.sid)).toBe('live')
    expect(await finished(again!.sid)).toBe('ended')
  })

  it('LiveKit\'s track_published webhook puts a scheduled show live too (when the studio\'s own call is lost)', async () => {
    expect((await call('POST', '/api/shows', { id: 'webhook-air', title: 'Webhook air' })).status).toBe(201)
    expect((await call('GET', '/api/livekit/token?room=webhook-air&username=Host&admin=true')).status).toBe(200)
    const { livekit } = stack
    const [room] = await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listRooms(['webhook-air'])
    const body = webhookBody('track_published', { sid: room!.sid, name: 'webhook-air', createdAt: Date.now() - 5_000 }, Date.now(), { participant: { identity: 'host-1', role: 'host' } })
    expect((await deliver(stack.app.url, body, await signWebhook(body, livekit.apiKey, livekit.apiSecret))).status).toBe(200)
    expect((await call('GET', '/api/shows/webhook-air', undefined, '')).json).toMatchObject({ status: 'live', startedAt: expect.any(String) })
    // Its room is the show's room: that room finishing ends the show.
    const finished = webhookBody('room_finished', { sid: room!.sid, name: 'webhook-air', createdAt: Date.now() - 5_000 }, Date.now())
    expect((await deliver(stack.app.url, finished, await signWebhook(finished, livekit.apiKey, livekit.apiSecret))).status).toBe(200)
    expect((await call('GET', '/api/shows/webhook-air', undefined, '')).json.status).toBe('ended')

    // Scheduled again; then LiveKit retries that track_published late (a new event id, the old
    // room): the show stays scheduled — it is not on air.
    expect((await call('PATCH', '/api/shows/webhook-air', { status: 'scheduled' })).status).toBe(200)
    const retried = webhookBody('track_published', { sid: room!.sid, name: 'webhook-air', createdAt: Date.now() - 5_000 }, Date.now(), { participant: { identity: 'host-1', role: 'host' } })
    expect((await deliver(stack.app.url, retried, await signWebhook(retried, livekit.apiKey, livekit.apiSecret))).status).toBe(200)
    expect((await call('GET', '/api/shows/webhook-air', undefined, '')).json).toMatchObject({ status: 'scheduled', startedAt: null })
  })

  it('the e2e helper creates shows with the stack\'s host key', async () => {
    const show = await createShow(stack, { id: 'helper-show' })
    expect(show).toMatchObject({ id: 'helper-show', title: 'helper-show', status: 'scheduled' })
  })
})
