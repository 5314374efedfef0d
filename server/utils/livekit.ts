import { EgressClient, RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk'
import type { H3Event } from 'h3'

// Clients are built once per configuration (they hold keep-alive HTTP agents) and rebuilt only
// if the configuration changes, e.g. between test runs in one process.
let cached: { key: string, rooms: RoomServiceClient, egress: EgressClient, webhooks: WebhookReceiver } | undefined

function clients(event?: H3Event) {
  const cfg = requireLiveKitConfig(event)
  const key = `${cfg.httpUrl}|${cfg.egressUrl}|${cfg.apiKey}|${cfg.apiSecret}`
  if (cached?.key !== key) {
    cached = {
      key,
      rooms: new RoomServiceClient(cfg.httpUrl, cfg.apiKey, cfg.apiSecret),
      egress: new EgressClient(cfg.egressUrl, cfg.apiKey, cfg.apiSecret),
      webhooks: new WebhookReceiver(cfg.apiKey, cfg.apiSecret),
    }
  }
  return cached
}

export const useRoomService = (event?: H3Event) => clients(event).rooms
export const useEgressClient = (event?: H3Event) => clients(event).egress
export const useWebhookReceiver = (event?: H3Event) => clients(event).webhooks

/** Maps "LiveKit did not answer" to a 503 a person can act on, instead of a 500. */
export function liveKitUnreachable(cause: unknown): never {
  const detail = cause instanceof Error ? cause.message : String(cause)
  throw createError({
    statusCode: 503,
    statusMessage: 'LiveKit unavailable',
    message: `The LiveKit server did not answer (${detail}). Check that it is running and that LIVEKIT_URL points at it.`,
  })
}
