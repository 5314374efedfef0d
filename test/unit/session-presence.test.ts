import { describe, expect, it } from 'vitest'
import { carriesSession, sessionHeaderName } from '../../server/utils/session-presence'

describe('session presence', () => {
  it('counts a session sent in the cookie or in h3\'s session header, and nothing else', () => {
    expect(sessionHeaderName('liveshop-session')).toBe('x-liveshop-session-session')
    expect(carriesSession({ 'liveshop-session': 'Fe26.2**sealed' }, {}, 'liveshop-session')).toBe(true)
    expect(carriesSession({}, { 'x-liveshop-session-session': 'Fe26.2**sealed' }, 'liveshop-session')).toBe(true)
    expect(carriesSession({ other: 'x' }, { 'x-other-session': 'y', 'authorization': 'Bearer z' }, 'liveshop-session')).toBe(false)
    expect(carriesSession({ 'liveshop-session': '' }, { 'x-liveshop-session-session': '' }, 'liveshop-session')).toBe(false)
  })
})
