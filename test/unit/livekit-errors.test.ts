import { describe, expect, it } from 'vitest'
import { friendlyDisconnect, isShowOverError, toFriendlyError } from '../../utils/livekit-errors'

const domError = (name: string) => Object.assign(new Error('raw browser text'), { name })

describe('toFriendlyError', () => {
  it('maps getUserMedia failures to what the person can do', () => {
    expect(toFriendlyError(domError('NotAllowedError'))).toMatchObject({ kind: 'permission-denied', actions: ['retry', 'home'] })
    expect(toFriendlyError(domError('NotReadableError')).kind).toBe('device-in-use')
    expect(toFriendlyError(domError('NotFoundError')).kind).toBe('no-device')
  })

  it('maps our routes\' errors by status and keeps the server\'s message', () => {
    const fetchError = (statusCode: number, message: string) => Object.assign(new Error('[GET] "/api/livekit/token": 401'), { name: 'FetchError', statusCode, data: { statusCode, message } })
    const signIn = toFriendlyError(fetchError(401, 'Sign in as a host to go live.'))
    expect(signIn).toMatchObject({ kind: 'sign-in-required', actions: ['sign-in', 'retry', 'home'] })
    expect(signIn.message).toContain('Sign in as a host to go live.')
    expect(toFriendlyError(fetchError(429, 'Too many requests; try again in 20 s.')).message).toBe('Too many requests; try again in 20 s.')
    expect(toFriendlyError(fetchError(503, 'LiveKit is not configured.')).kind).toBe('not-configured')
    expect(toFriendlyError(Object.assign(new Error('fetch failed'), { name: 'FetchError' })).kind).toBe('network-lost')
  })

  it('tells a rejoin to stop only when the token route says the show is over or gone, not when the network or LiveKit failed', () => {
    const fetchError = (statusCode?: number) => Object.assign(new Error('token'), { name: 'FetchError', statusCode, data: statusCode ? { statusCode, message: 'x' } : undefined })
    expect(isShowOverError(fetchError(410))).toBe(true)
    expect(isShowOverError(fetchError(404))).toBe(true)
    const connectionError = (reasonName: string) => Object.assign(new Error('x'), { name: 'ConnectionError', reasonName })
    for (const retryable of [fetchError(502), fetchError(503), fetchError(429), fetchError(), connectionError('ServerUnreachable'), connectionError('LeaveRequest'), new Error('never connected')]) {
      expect(isShowOverError(retryable)).toBe(false)
    }
  })

  it('maps livekit-client ConnectionError reasons', () => {
    const connectionError = (reasonName: string, message = 'x', status?: number) => Object.assign(new Error(message), { name: 'ConnectionError', reasonName, status })
    expect(toFriendlyError(connectionError('ServerUnreachable')).kind).toBe('livekit-unreachable')
    expect(toFriendlyError(connectionError('NotAllowed', 'invalid token', 401)).kind).toBe('token-refused')
    expect(toFriendlyError(connectionError('NotAllowed', 'room is full', 403)).kind).toBe('room-full')
    expect(toFriendlyError(connectionError('LeaveRequest')).kind).toBe('show-ended')
  })

  it('never passes through a raw message or stack', () => {
    const error = toFriendlyError(new Error('TypeError: cannot read x of undefined at foo.js:1:2'))
    expect(error.kind).toBe('unknown')
    expect(error.message).not.toContain('foo.js')
  })

  it('tells a server-side end from our own disconnect', () => {
    expect(friendlyDisconnect('ROOM_DELETED')?.kind).toBe('show-ended')
    expect(friendlyDisconnect('DUPLICATE_IDENTITY')?.kind).toBe('removed')
    expect(friendlyDisconnect('JOIN_FAILURE')?.kind).toBe('network-lost')
    expect(friendlyDisconnect('CLIENT_INITIATED')).toBeNull()
  })
})
