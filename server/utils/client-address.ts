import { BlockList, isIP } from 'node:net'
import type { H3Event } from 'h3'

/**
 * How far to trust X-Forwarded-For (NUXT_TRUST_PROXY):
 * - unset / false / 0: not at all — the socket's address is the client;
 * - a number N (true = 1): N reverse proxies of ours sit in front; each appends the address it
 *   saw, so the client is the N-th entry from the RIGHT (entries further left are whatever the
 *   client sent and are ignored);
 * - a list of proxy addresses or CIDRs ("10.0.0.0/8, 192.168.1.5"): walking from the right, the
 *   first address that is not one of them is the client.
 */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops', hops: number } | { kind: 'list', list: BlockList, entries: string[] }

export function parseProxyTrust(value: unknown): ProxyTrust {
  const text = String(value ?? '').trim().toLowerCase()
  if (!text || text === 'false' || text === '0' || text === 'no') return { kind: 'none' }
  if (text === 'true' || text === 'yes') return { kind: 'hops', hops: 1 }
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Math.min(Number(text), 20) }
  const list = new BlockList()
  const entries = text.split(/[\s,]+/).filter(Boolean)
  for (const entry of entries) {
    const [address, bits] = entry.split('/')
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4'
    if (!isIP(address!)) throw new Error(`NUXT_TRUST_PROXY: "${entry}" is neither a number of proxies nor an IP address/CIDR.`)
    if (bits === undefined) list.addAddress(address!, family)
    else list.addSubnet(address!, Number(bits), family)
  }
  return { kind: 'list', list, entries }
}

/** "::ffff:10.0.0.1" → "10.0.0.1" (how Node reports IPv4 on a dual-stack socket). */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
}

function isTrustedProxy(list: BlockList, address: string): boolean {
  const family = isIP(address)
  if (!family) return false
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** The client's address from the socket's address and the X-Forwarded-For header(s). */
export function resolveClientAddress(trust: ProxyTrust, socketAddress: string | undefined, forwardedFor: string | undefined): string {
  const socket = normalizeAddress(socketAddress ?? 'unknown')
  if (trust.kind === 'none') return socket
  const chain = [...(forwardedFor ?? '').split(',').map(part => normalizeAddress(part.trim())).filter(Boolean), socket]
  if (trust.kind === 'hops') return chain[Math.max(0, chain.length - 1 - trust.hops)]!
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isTrustedProxy(trust.list, chain[i]!)) return chain[i]!
  }
  return chain[0]!
}

let proxyTrust: ProxyTrust | undefined

/** NUXT_TRUST_PROXY, parsed once per process. */
export function useProxyTrust(): ProxyTrust {
  proxyTrust ??= parseProxyTrust(useRuntimeConfig().trustProxy)
  return proxyTrust
}

export const proxyIsTrusted = () => useProxyTrust().kind !== 'none'

/** The client address that rate limits key on (see useProxyTrust). */
export function clientAddress(event: H3Event): string {
  const forwarded = event.node.req.headers['x-forwarded-for']
  return resolveClientAddress(useProxyTrust(), event.node.req.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(',') : forwarded)
}
