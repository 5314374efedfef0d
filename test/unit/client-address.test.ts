import { describe, expect, it } from 'vitest'
import { parseProxyTrust, resolveClientAddress } from '../../server/utils/client-address'
import { MIN_ACCESS_KEY_LENGTH, productionConfigProblems } from '../../server/utils/startup-checks'
import { keyVersion } from '../../server/utils/session-version'

describe('client address behind proxies (NUXT_TRUST_PROXY)', () => {
  // nginx with $proxy_add_x_forwarded_for appends the address it saw to what the client sent.
  const forged = '203.0.113.9, 198.51.100.7'

  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    for (const value of [undefined, '', false, 'false', 0, '0']) {
      expect(resolveClientAddress(parseProxyTrust(value), '::ffff:192.0.2.1', forged)).toBe('192.0.2.1')
    }
  })

  it('takes the entry N hops from the right, never the client-controlled left end', () => {
    expect(resolveClientAddress(parseProxyTrust(1), '10.0.0.2', forged)).toBe('198.51.100.7')
    expect(resolveClientAddress(parseProxyTrust('1'), '10.0.0.2', forged)).toBe('198.51.100.7')
    expect(resolveClientAddress(parseProxyTrust(true), '10.0.0.2', forged)).toBe('198.51.100.7')
    expect(resolveClientAddress(parseProxyTrust('true'), '10.0.0.2', forged)).toBe('198.51.100.7')
    // Two proxies (CDN → nginx): the CDN appended the client, nginx appended the CDN.
    expect(resolveClientAddress(parseProxyTrust(2), '10.0.0.2', `${forged}, 172.16.0.5`)).toBe('198.51.100.7')
  })

  it('a client sending no header behind one proxy is the one the proxy saw', () => {
    expect(resolveClientAddress(parseProxyTrust(1), '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7')
    // Misconfigured (no header at all): the proxy itself, not something the client wrote.
    expect(resolveClientAddress(parseProxyTrust(1), '10.0.0.2', undefined)).toBe('10.0.0.2')
  })

  it('walks past a list of trusted proxies (addresses and CIDRs) from the right', () => {
    const trust = parseProxyTrust('10.0.0.0/8, 172.16.0.5')
    expect(resolveClientAddress(trust, '10.1.2.3', `${forged}, 172.16.0.5`)).toBe('198.51.100.7')
    // A request that did not come through a trusted proxy: its own socket address, header ignored.
    expect(resolveClientAddress(trust, '192.0.2.50', forged)).toBe('192.0.2.50')
    expect(resolveClientAddress(parseProxyTrust('::1'), '::1', '2001:db8::7')).toBe('2001:db8::7')
  })

  it('rejects a setting it cannot read', () => {
    expect(() => parseProxyTrust('proxy.internal')).toThrow(/neither a number of proxies nor an IP/)
  })
})

describe('production start-up checks', () => {
  const fine = () => ({ kind: 'none' })
  it('refuses access keys shorter than 20 characters, naming the variable', () => {
    expect(MIN_ACCESS_KEY_LENGTH).toBe(20)
    const problems = productionConfigProblems({ host: 'short-key', ops: 'o'.repeat(19) }, fine)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/HOST_ACCESS_KEY is 9 characters long; use at least 20/)
    expect(problems[1]).toMatch(/OPS_ACCESS_KEY is 19 characters/)
  })

  it('accepts long keys and unset keys', () => {
    expect(productionConfigProblems({ host: 'h'.repeat(20), ops: '' }, fine)).toEqual([])
  })

  it('reports an unreadable NUXT_TRUST_PROXY', () => {
    expect(productionConfigProblems({ host: '', ops: '' }, () => parseProxyTrust('lb.local'))[0]).toMatch(/NUXT_TRUST_PROXY/)
  })
})

describe('session versions', () => {
  it('are derived from the key and the role, and do not contain the key', () => {
    const key = 'host-0123456789abcdef0123'
    expect(keyVersion('host', key)).toBe(keyVersion('host', key))
    expect(keyVersion('host', key)).not.toBe(keyVersion('host', `${key}x`))
    expect(keyVersion('host', key)).not.toBe(keyVersion('ops', key))
    expect(keyVersion('host', key)).not.toContain(key)
  })
})
