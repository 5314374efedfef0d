import type { WebhookAck } from '#shared/types/analytics'
import { normalizeWebhook } from '../../utils/analytics/webhook-rows'

// LiveKit's webhooks: verified over the raw body (the JWT in Authorization carries the body's
// sha256), stored, and acknowledged only after the store has committed them. Retries reuse the
// event id, so a redelivery is answered 200 without storing it twice.
export default defineEventHandler(async (event): Promise<WebhookAck> => {
  const receivedAt = Date.now()
  // Unsigned requests are refused before a byte of the body is read (the request guard does the
  // same, and caps the body at 64 KB: server/utils/request-policy.ts).
  const authorization = getRequestHeader(event, 'authorization') ?? ''
  if (!authorization) {
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Missing Authorization header: webhooks must be signed by LiveKit with this server\'s API key.' })
  }
  const rawBody = (await readRawBody(event, 'utf8')) ?? ''
  let webhook
  try {
    webhook = await useWebhookReceiver().receive(rawBody, authorization)
  }
  catch (error) {
    // Bad JWT, wrong key/secret, expired, or a body whose sha256 is not the signed one.
    console.warn(`[webhook] signature rejected: ${error instanceof Error ? error.message : error}`)
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'Webhook signature rejected: it must be signed by LiveKit with this server\'s API key and secret.' })
  }
  // The room of a live show closed (its host left for good): the show has ended — if that room is
  // the one the host opened (same sid), not one made for a viewer while it was gone. A show that
  // never went on air stays scheduled.
  if (webhook.event === 'room_finished' && webhook.room?.name) await showRoomFinished(webhook.room.name, webhook.room.sid)
  // A track published in a show's room: its host is on air, so the show is live (if the studio's
  // own POST /api/shows/:id/live was lost; a second signal, never the only one).
  if (webhook.event === 'track_published' && webhook.room?.name) await showTrackPublished(webhook.room.name, webhook.room.sid, Number(webhook.createdAt) * 1000)
  const rows = normalizeWebhook(webhook, rawBody, receivedAt)
  if (!rows) return { id: webhook.id, event: webhook.event, stored: false }

  const store = await requireAnalyticsStore()
  let stored: boolean
  try {
    stored = await store.recordEvent(rows)
  }
  catch (error) {
    console.error(`[analytics] storing webhook ${rows.event.id} failed:`, error)
    throw createError({ statusCode: 503, statusMessage: 'Service Unavailable', message: 'The webhook could not be stored; LiveKit will retry it.' })
  }
  return { id: rows.event.id, event: rows.event.kind, stored }
})
