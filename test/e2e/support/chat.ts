// Chat helpers for e2e: a show row written straight into the stack's database (until shows have
// their own route), chatters as plain HTTP clients with their own session cookie, and an rtc-node
// listener that collects what the server relays into the room.
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk'
import { Room, RoomEvent } from '@livekit/rtc-node'
import { openPostgresDb, openSqliteDb } from '../../../server/utils/db'
import { CHAT_TOPIC, type ChatIdentity, type ChatMessage } from '../../../shared/types/chat'
import { parseChatPacket } from '../../../shared/utils/chat-packets'
import type { Stack } from './stack'

/** Inserts a show owned by the built-in host into the stack's database (SQLite, or PostgreSQL when set). */
export async function insertShow(stack: Stack, id: string, status: 'scheduled' | 'live' = 'live') {
  const env = stack.appEnv
  const db = env.DATABASE_URL ? await openPostgresDb(env.DATABASE_URL, env.ANALYTICS_DB_SCHEMA ?? '') : openSqliteDb(env.ANALYTICS_SQLITE_PATH!)
  const now = Date.now()
  await db.run('INSERT INTO shows (id, host_id, title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [id, 'builtin', id, status, now, now])
  await db.close()
}

export interface ApiAnswer<T = unknown> { status: number, body: T, headers: Headers }

/** A device talking to the chat routes with its own cookie jar (one session cookie). */
export class Chatter {
  cookie = ''
  constructor(public baseUrl: string, cookie = '') {
    this.cookie = cookie
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const set = response.headers.getSetCookie().map(c => c.split(';')[0]!).filter(Boolean)
    if (set.length) this.cookie = set.join('; ')
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    }
    catch { /* not JSON */ }
    return { status: response.status, body: parsed as T, headers: response.headers }
  }

  async identify(name: string): Promise<string> {
    const answer = await this.request<ChatIdentity>('POST', '/api/chat/identity', { name })
    if (answer.status !== 200) throw new Error(`identity: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body.chatterId
  }

  post(show: string, text: string) {
    return this.request<{ id: string, createdAt: number, message: ChatMessage, message_?: string }>('POST', `/api/shows/${show}/chat`, { text })
  }
}

/** Joins the room as a hidden rtc-node observer (a token minted with the stack's keys) and collects chat packets. */
export async function chatListener(stack: Stack, room: string, identity = `listener-${Math.random().toString(36).slice(2, 8)}`) {
  const token = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity })
  token.addGrant({ room, roomJoin: true, canSubscribe: false, canPublish: false, canPublishData: false, hidden: true })
  const lk = new Room()
  const messages = new Map<string, { message: ChatMessage, receivedAt: number }>()
  const deleted = new Set<string>()
  let packets = 0
  lk.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    const packet = parseChatPacket(payload, { topic, participantIdentity: participant?.identity })
    if (!packet) return
    packets++
    const now = Date.now()
    for (const message of packet.messages) if (!messages.has(message.id)) messages.set(message.id, { message, receivedAt: now })
    for (const id of packet.deleted) deleted.add(id)
  })
  // Rooms exist only when the app (or here, the test) creates them: LiveKit's auto_create is off.
  await new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret).createRoom({ name: room })
  await lk.connect(stack.livekit.wsUrl, await token.toJwt(), { autoSubscribe: false, dynacast: false })
  return { room: lk, messages, deleted, packets: () => packets, topic: CHAT_TOPIC, close: () => lk.disconnect() }
}
