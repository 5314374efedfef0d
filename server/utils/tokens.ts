import { randomUUID } from 'node:crypto'
import { AccessToken, type VideoGrant } from 'livekit-server-sdk'
import type { ParticipantRole, TokenResponse } from '#shared/types/livekit'

export const VIEWER_TOKEN_TTL_SECONDS = 60 * 60
// A host token carries publish rights, so it lives only long enough to connect: LiveKit itself
// sends a connected participant fresh tokens (and livekit-client reconnects with those), and the
// studio asks for a new one — through the host's session, which can be revoked — to join again.
export const HOST_TOKEN_TTL_SECONDS = 10 * 60

/**
 * Viewers join hidden (not broadcast to other participants: O(N) signalling instead of O(N²))
 * and can never publish. LiveKit treats an unset canPublish as true, so it is set false.
 * Nobody gets canPublishData: the server is the only sender of data (chat relay, reactions), so a
 * client can trust a data packet only because no participant can send one.
 */
export function grantsFor(role: ParticipantRole, room: string): VideoGrant {
  if (role === 'host') {
    return { room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false }
  }
  return { room, roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false, hidden: true }
}

/** "Anna Müller" → "anna-muller-3f9c0a1b7e42": readable, and unique per connection. */
export function makeIdentity(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32) || 'guest'
  // randomUUID draws from a buffered entropy pool: a fraction of randomBytes' cost per call.
  return `${slug}-${randomUUID().slice(-12)}`
}

export interface SignTokenInput {
  apiKey: string
  apiSecret: string
  wsUrl: string
  room: string
  displayName: string
  role: ParticipantRole
  now?: number
}

export async function signToken(input: SignTokenInput): Promise<TokenResponse> {
  const ttl = input.role === 'host' ? HOST_TOKEN_TTL_SECONDS : VIEWER_TOKEN_TTL_SECONDS
  const identity = makeIdentity(input.displayName)
  const at = new AccessToken(input.apiKey, input.apiSecret, {
    identity,
    name: input.displayName,
    ttl,
    attributes: { role: input.role },
  })
  at.addGrant(grantsFor(input.role, input.room))
  const token = await at.toJwt()
  const now = input.now ?? Date.now()
  return {
    token,
    url: input.wsUrl,
    room: input.room,
    identity,
    name: input.displayName,
    role: input.role,
    expiresAt: new Date(now + ttl * 1000).toISOString(),
  }
}
