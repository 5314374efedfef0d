// The baseline for bench/token.mjs: the least an HTTP server can do to hand out the same viewer
// token (same SDK, same grants and TTL as server/utils/tokens.ts), with no framework around it.
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { AccessToken } from 'livekit-server-sdk'

const { LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret, LIVEKIT_URL: url, PORT, HOST } = process.env

createServer(async (req, res) => {
  const query = new URL(req.url, 'http://x').searchParams
  const room = query.get('room')
  const name = query.get('username')
  const identity = `${name.toLowerCase()}-${randomUUID().slice(-12)}`
  const at = new AccessToken(apiKey, apiSecret, { identity, name, ttl: 3600, attributes: { role: 'viewer' } })
  at.addGrant({ room, roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false, hidden: true })
  const body = JSON.stringify({ token: await at.toJwt(), url, room, identity, name, role: 'viewer', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(body)
}).listen(Number(PORT), HOST)
