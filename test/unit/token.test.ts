import { describe, expect, it } from 'vitest'
import { TokenVerifier } from 'livekit-server-sdk'
import { grantsFor, makeIdentity, signToken } from '../../server/utils/tokens'

describe('grantsFor', () => {
  it('gives viewers a hidden, subscribe-only grant with publishing explicitly off', () => {
    const grant = grantsFor('viewer', 'show-1')
    expect(grant).toMatchObject({ room: 'show-1', roomJoin: true, canSubscribe: true, hidden: true })
    // LiveKit treats an unset canPublish as true, so false must be explicit.
    expect(grant.canPublish).toBe(false)
    expect(grant.canPublishData).toBe(false)
    expect(grant.roomAdmin).toBeFalsy()
    expect(grant.roomRecord).toBeFalsy()
    expect(grant.roomCreate).toBeFalsy()
  })

  it('lets hosts publish media, visibly, but never data (only the server sends data)', () => {
    const grant = grantsFor('host', 'show-1')
    expect(grant).toMatchObject({ room: 'show-1', roomJoin: true, canPublish: true, canSubscribe: true })
    expect(grant.canPublishData).toBe(false)
    expect(grant.hidden).toBeFalsy()
    expect(grant.roomRecord).toBeFalsy()
  })
})

describe('makeIdentity', () => {
  it('is readable and unique for the same display name', () => {
    const identities = new Set(Array.from({ length: 1000 }, () => makeIdentity('Anna')))
    expect(identities.size).toBe(1000)
    for (const id of identities) expect(id).toMatch(/^anna-[0-9a-f]{12}$/)
  })

  it('folds accents and odd characters and never returns an empty slug', () => {
    expect(makeIdentity('Zoë Müller!!')).toMatch(/^zoe-muller-/)
    expect(makeIdentity('🎉🎉')).toMatch(/^guest-/)
    expect(makeIdentity('x'.repeat(64)).length).toBeLessThanOrEqual(32 + 1 + 12)
  })
})

describe('signToken', () => {
  const secret = 'a-test-secret-that-is-long-enough-123'

  it('signs a JWT LiveKit accepts, carrying name, identity, grants and expiry', async () => {
    const now = Date.now()
    const response = await signToken({ apiKey: 'key', apiSecret: secret, wsUrl: 'ws://lk', room: 'r1', displayName: 'Anna', role: 'viewer', now })
    expect(response).toMatchObject({ url: 'ws://lk', room: 'r1', name: 'Anna', role: 'viewer' })
    const claims = await new TokenVerifier('key', secret).verify(response.token)
    expect(claims.sub).toBe(response.identity)
    expect(claims.name).toBe('Anna')
    expect(claims.video).toMatchObject({ room: 'r1', canPublish: false, hidden: true })
    expect(claims.attributes).toEqual({ role: 'viewer' })
    // expiresAt matches the JWT's exp (to the second).
    expect(Math.abs(new Date(response.expiresAt).getTime() / 1000 - Number(claims.exp))).toBeLessThanOrEqual(1)
  })

  it('gives hosts a short-lived token (publish rights; LiveKit refreshes it while connected)', async () => {
    const base = { apiKey: 'key', apiSecret: secret, wsUrl: 'ws://lk', room: 'r1', displayName: 'Host', now: 0 }
    const host = await signToken({ ...base, role: 'host' })
    const claims = await new TokenVerifier('key', secret).verify(host.token)
    expect(new Date(host.expiresAt).getTime()).toBe(10 * 60 * 1000)
    // The JWT itself expires 10 min after it was made (now = 0 only sets expiresAt's base).
    expect(Number(claims.exp) - Number(claims.nbf)).toBe(600)
  })
})
