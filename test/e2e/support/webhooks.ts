// LiveKit webhook deliveries for tests and the bench, made the way livekit-server makes them: the
// protobuf JSON of a WebhookEvent, signed with a JWT (API key/secret) whose sha256 claim is the
// base64 SHA-256 of the exact body, sent as the Authorization header.
import { createHash, randomBytes } from 'node:crypto'
import { AccessToken, WebhookEvent } from 'livekit-server-sdk'

export interface ShowFixture {
  sid: string
  name: string
  /** unix ms */
  createdAt: number
}

export function newShow(name: string, createdAt = Date.now()): ShowFixture {
  return { sid: `RM_${randomBytes(6).toString('hex')}`, name, createdAt }
}

const roomJson = (show: ShowFixture) => ({
  sid: show.sid, name: show.name,
  creationTime: String(Math.floor(show.createdAt / 1000)), creationTimeMs: String(show.createdAt),
})

export interface ParticipantFixture {
  identity: string
  role: 'viewer' | 'host'
}

/** The JSON body LiveKit would post. `at` (ms) is when it happened. */
export function webhookBody(
  kind: string,
  show: ShowFixture,
  at: number,
  extra: { participant?: ParticipantFixture, egress?: Record<string, unknown>, id?: string } = {},
): string {
  const json: Record<string, unknown> = {
    id: extra.id ?? `EV_${randomBytes(8).toString('hex')}`,
    event: kind,
    createdAt: String(Math.floor(at / 1000)),
    room: roomJson(show),
  }
  if (extra.participant) {
    const host = extra.participant.role === 'host'
    json.participant = {
      sid: `PA_${extra.participant.identity}`,
      identity: extra.participant.identity,
      name: extra.participant.identity,
      state: kind === 'participant_left' ? 'DISCONNECTED' : 'ACTIVE',
      joinedAt: String(Math.floor(at / 1000)),
      ...(kind === 'participant_joined' ? { joinedAtMs: String(at) } : {}),
      permission: { canSubscribe: true, canPublish: host, canPublishData: false, hidden: !host },
      attributes: { role: extra.participant.role },
    }
  }
  if (extra.egress) json.egressInfo = { roomId: show.sid, roomName: show.name, ...extra.egress }
  // Round-trip through the SDK's class: the body is valid protobuf JSON as LiveKit sends it.
  return WebhookEvent.fromJson(json as never).toJsonString()
}

export async function signWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret)
  token.sha256 = createHash('sha256').update(body).digest('base64')
  return token.toJwt()
}

/** POSTs a signed (or deliberately mis-signed) delivery; resolves with the HTTP status. */
export async function deliver(appUrl: string, body: string, authorization: string | null): Promise<Response> {
  return fetch(`${appUrl}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(authorization === null ? {} : { authorization }) },
    body,
  })
}
