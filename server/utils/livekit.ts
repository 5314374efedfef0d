import { EgressClient, RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk'

// Clients are built once (they hold keep-alive HTTP agents) from the process-wide configuration.
let cached: { rooms: RoomServiceClient, egress: EgressClient, webhooks: WebhookReceiver } | undefined

function clients() {
  if (!cached) {
    const cfg = requireLiveKitConfig()
    cached = {
      rooms: new RoomServiceClient(cfg.httpUrl, cfg.apiKey, cfg.apiSecret),
      egress: new EgressClient(cfg.egressUrl, cfg.apiKey, cfg.apiSecret),
      webhooks: new WebhookReceiver(cfg.apiKey, cfg.apiSecret),
    }
  }
  return cached
}

export const useRoomService = () => clients().rooms
export const useEgressClient = () => clients().egress
export const useWebhookReceiver = () => clients().webhooks

/**
 * Maps "LiveKit did not answer" to a 503 a person can act on, instead of a 500. The upstream detail
 * (addresses, driver errors) goes to the log, not to the caller.
 */
export function liveKitUnreachable(cause: unknown): never {
  const detail = cause instanceof Error ? cause.message : String(cause)
  console.error(`[livekit] the LiveKit server did not answer (${detail}); check that it runs and that LIVEKIT_URL points at it`)
  throw createError({
    statusCode: 503,
    statusMessage: 'LiveKit unavailable',
    message: 'The live video service is not answering right now. Please try again in a moment.',
  })
}
