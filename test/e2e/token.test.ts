import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk'
import type { Room } from '@livekit/rtc-node'
import { signIn, startStack, type Stack } from './support/stack'
import Database from 'better-sqlite3'
import { eventually, fetchToken, joinRoom, publishTestVideo, withTimeout } from './support/rtc'
import { createShows } from './support/shows'

let stack: Stack
let rooms: RoomServiceClient
const joined: Room[] = []

beforeAll(async () => {
  stack = await startStack({ webhooks: false })
  rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret)
  await createShows(stack, ['join-test', 'publish-test', 'host-test'])
})

afterAll(async () => {
  await Promise.allSettled(joined.map(room => room.disconnect()))
  await stack?.stop()
})

async function join(query: Record<string, string>, cookie?: string) {
  const token = await fetchToken(stack.app.url, query, cookie)
  const room = await joinRoom(token)
  joined.push(room)
  return { token, room }
}

describe('token route against the real LiveKit server', () => {
  it('lets a viewer join; LiveKit reports the display name; two "anna"s both stay connected', async () => {
    const first = await join({ room: 'join-test', username: 'anna' })
    const second = await join({ room: 'join-test', username: 'anna' })
    expect(first.token.identity).not.toBe(second.token.identity)
    expect(first.token).toMatchObject({ room: 'join-test', name: 'anna', role: 'viewer', url: stack.livekit.wsUrl })

    const participants = await eventually(async () => {
      const list = await rooms.listParticipants('join-test')
      return list.length === 2 ? list : null
    })
    expect(participants.map(p => p.name)).toEqual(['anna', 'anna'])
    expect(new Set(participants.map(p => p.identity))).toEqual(new Set([first.token.identity, second.token.identity]))
    // Neither was kicked by the other (DUPLICATE_IDENTITY would disconnect the first).
    expect(first.room.isConnected).toBe(true)
    expect(second.room.isConnected).toBe(true)
  })

  it('refuses a publish from a viewer token', async () => {
    const { room } = await join({ room: 'publish-test', username: 'sneaky' })
    await expect(withTimeout(publishTestVideo(room), 20_000, 'publish')).rejects.toThrow()
    const [participant] = await rooms.listParticipants('publish-test')
    expect(participant?.tracks ?? []).toHaveLength(0)
  })

  it('needs a host session for admin=true; with one, the token can publish', async () => {
    const anonymous = await fetch(`${stack.app.url}/api/livekit/token?room=host-test&username=Host&admin=true`)
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).message).toMatch(/sign in/i)

    const opsCookie = await signIn(stack.app.url, stack.opsKey)
    const asOps = await fetch(`${stack.app.url}/api/livekit/token?room=host-test&username=Host&admin=true`, { headers: { cookie: opsCookie } })
    expect(asOps.status).toBe(403)

    const cookie = await signIn(stack.app.url, stack.hostKey)
    const { token, room } = await join({ room: 'host-test', username: 'Host', admin: 'true' }, cookie)
    expect(token.role).toBe('host')
    // The studio is open, nothing is on air yet: the show is still scheduled.
    const showStatus = async () => (await (await fetch(`${stack.app.url}/api/shows/host-test`)).json()).status
    expect(await showStatus()).toBe('scheduled')
    const sid = await withTimeout(publishTestVideo(room), 20_000, 'publish')
    const tracks = await eventually(async () => {
      const [participant] = await rooms.listParticipants('host-test')
      return participant?.tracks.length ? participant.tracks : null
    })
    expect(tracks.map(t => t.sid)).toContain(sid)
    // On air, as the studio says after publishing (POST /api/shows/:id/live).
    const live = await fetch(`${stack.app.url}/api/shows/host-test/live`, { method: 'POST', headers: { cookie } })
    expect(live.status).toBe(200)
    expect(await showStatus()).toBe('live')
  })

  it('has LiveKit reject a token signed with the wrong secret', async () => {
    const forged = new AccessToken(stack.livekit.apiKey, 'not-the-secret-not-the-secret-123456', { identity: 'mallory' })
    forged.addGrant({ room: 'forged', roomJoin: true, canPublish: true, canSubscribe: true })
    const token = await forged.toJwt()
    const { Room: RtcRoom } = await import('@livekit/rtc-node')
    const room = new RtcRoom()
    await expect(room.connect(stack.livekit.wsUrl, token)).rejects.toThrow()
    const list = await rooms.listParticipants('forged').catch(() => [])
    expect(list).toHaveLength(0)
  })

  it('lists a room with a connected publisher on the home page', async () => {
    // host-test has a publishing host from the test above.
    const html = await eventually(async () => {
      const page = await (await fetch(`${stack.app.url}/`)).text()
      return page.includes('host-test') ? page : null
    })
    expect(html).toContain('/watch/host-test')
    expect(html).not.toContain('No shows are live right now')
  })

  it('gives no token for a show nobody created (404 "No such show") and LiveKit has no such room afterwards', async () => {
    for (const query of ['room=nobody-made-this&username=v', 'room=nobody-made-this&username=Host&admin=true']) {
      const response = await fetch(`${stack.app.url}/api/livekit/token?${query}`, { headers: { cookie: await signIn(stack.app.url, stack.hostKey) } })
      expect(response.status).toBe(404)
      expect((await response.json()).message).toMatch(/No such show/)
    }
    expect(await rooms.listRooms(['nobody-made-this'])).toHaveLength(0)
  })

  it('has LiveKit refuse a validly signed token for a room the app never created (auto_create is off)', async () => {
    const at = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity: 'stray' })
    at.addGrant({ room: 'never-created', roomJoin: true, canSubscribe: true })
    const { Room: RtcRoom } = await import('@livekit/rtc-node')
    const room = new RtcRoom()
    await expect(withTimeout(room.connect(stack.livekit.wsUrl, await at.toJwt()), 20_000, 'connect')).rejects.toThrow()
    expect(await rooms.listRooms(['never-created'])).toHaveLength(0)
  })

  it('refuses an admin token for another host\'s show (403) and a viewer token for an ended show (410)', async () => {
    // Written straight into the stack's database: another host's show, and an ended one.
    const db = new Database(stack.appEnv.ANALYTICS_SQLITE_PATH!)
    const now = Date.now()
    db.prepare('INSERT INTO hosts (id, email, name, password_hash, disabled, session_version, created_at, updated_at) VALUES (?, ?, ?, NULL, 0, 1, ?, ?)').run('other-host', 'other@example.com', 'Other', now, now)
    db.prepare('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('not-yours', 'other-host', 'Not yours', 'scheduled', now, now)
    db.prepare('INSERT INTO shows (id, host_id, title, status, ended_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('over-show', 'builtin', 'Over', 'ended', now, now, now)
    db.close()
    const cookie = await signIn(stack.app.url, stack.hostKey)
    const admin = await fetch(`${stack.app.url}/api/livekit/token?room=not-yours&username=Host&admin=true`, { headers: { cookie } })
    expect(admin.status).toBe(403)
    expect((await admin.json()).message).toMatch(/another host/)
    expect(await rooms.listRooms(['not-yours'])).toHaveLength(0)
    // Viewers may watch it, though.
    expect((await fetch(`${stack.app.url}/api/livekit/token?room=not-yours&username=v`)).status).toBe(200)
    const ended = await fetch(`${stack.app.url}/api/livekit/token?room=over-show&username=v`)
    expect(ended.status).toBe(410)
    expect((await ended.json()).message).toMatch(/has ended/)
    // Its host too: an ended show is scheduled again before its studio opens.
    const endedStudio = await fetch(`${stack.app.url}/api/livekit/token?room=over-show&username=Host&admin=true`, { headers: { cookie } })
    expect(endedStudio.status).toBe(410)
    expect((await endedStudio.json()).message).toMatch(/has ended\. Schedule it again/)
    expect(await rooms.listRooms(['over-show'])).toHaveLength(0)
  })

  it('opens the room with the show\'s live state as metadata when the host opens the studio', async () => {
    const show = await (await fetch(`${stack.app.url}/api/shows/host-test`)).json()
    expect(show).toMatchObject({ id: 'host-test', status: 'live', startedAt: expect.any(String) })
    const [room] = await rooms.listRooms(['host-test'])
    expect(JSON.parse(room!.metadata)).toMatchObject({ spotlight: [], flashSale: null })
  })
})
