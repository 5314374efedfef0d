// LiveKit webhook deliveries, made the way livekit-server makes them: a body from
// test/fixtures/webhooks.ts, signed with a JWT (API key/secret) whose sha256 claim is the base64
// SHA-256 of the exact body, sent as the Authorization header.
import { createHash } from 'node:crypto'
import { AccessToken } from 'livekit-server-sdk'

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
