// Viewers' conversion events in batches (≤ 4 KB). navigator.sendBeacon sends text/plain (a JSON text), so this
// route reads the raw body itself instead of validBody's JSON content-type rule; it is small and capped.
const MAX_BATCH_BYTES = 4 * 1024

export default defineEventHandler(async (event) => {
  await rateLimit(event, 'shop-events', useRuntimeConfig().shop.eventRateLimit)
  const raw = await readRawBody(event, 'utf8') ?? ''
  if (raw.length > MAX_BATCH_BYTES) {
    throw createError({ statusCode: 413, statusMessage: 'Payload Too Large', message: `A batch may be at most ${MAX_BATCH_BYTES} bytes; send fewer events at a time.` })
  }
  let body: unknown
  try {
    body = JSON.parse(raw)
  }
  catch {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The body is not valid JSON.' })
  }
  const batch = parseOr400(shopEventBatchSchema, body)
  const stored = await recordViewerEvents(await requireDb(), batch)
  setResponseStatus(event, 202)
  return { stored }
})
