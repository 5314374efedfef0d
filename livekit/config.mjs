// Configuration of the local LiveKit server used by `npm run demo`, the tests and the benchmarks.
// Loopback only: nothing listens on other interfaces and no STUN/external IP lookup happens.
// It is passed to livekit-server as --config-body (YAML is a superset of JSON).

export const LIVEKIT_VERSION = '1.13.5'

/**
 * @param {object} o
 * @param {number} o.port        HTTP/WebSocket signalling port
 * @param {number} o.tcpPort     ICE/TCP fallback port
 * @param {number} o.udpPort     one UDP port for all WebRTC media (muxed)
 * @param {string} o.apiKey
 * @param {string} o.apiSecret   32+ characters
 * @param {string[]} [o.webhookUrls] where LiveKit sends webhooks (the app's /api/livekit/webhook)
 * @param {{ address: string, db?: number }} [o.redis] distributed mode: nodes sharing one Redis
 * @param {string} [o.nodeIp]    the address advertised in ICE candidates
 * @param {{ kind?: string, sort_by?: string, algorithm?: string }} [o.nodeSelector] how a cluster
 *   places new rooms (LiveKit's default is a random available node)
 */
export function liveKitConfig(o) {
  return {
    port: o.port,
    bind_addresses: ['127.0.0.1'],
    rtc: {
      tcp_port: o.tcpPort,
      udp_port: o.udpPort,
      use_external_ip: false,
      enable_loopback_candidate: true,
      node_ip: o.nodeIp ?? '127.0.0.1',
      interfaces: { includes: ['lo'] },
    },
    keys: { [o.apiKey]: o.apiSecret },
    // Room counts (numParticipants/numPublishers) are refreshed on this cadence; the UI follows.
    // auto_create off: rooms exist only for shows, created by the app (server/utils/show-rooms.ts), so a
    // token for an unknown name cannot make one.
    room: { auto_create: false, empty_timeout: 30, departure_timeout: 10 },
    logging: { level: process.env.LIVEKIT_LOG_LEVEL ?? 'warn' },
    ...(o.webhookUrls?.length ? { webhook: { api_key: o.apiKey, urls: o.webhookUrls } } : {}),
    ...(o.redis ? { redis: { address: o.redis.address, db: o.redis.db ?? 0 } } : {}),
    ...(o.nodeSelector ? { node_selector: o.nodeSelector } : {}),
  }
}
