import { z } from 'zod'
import type { ShowHistory } from '#shared/types/analytics'

const paramsSchema = z.object({
  sid: z.string().regex(/^[\w-]{1,64}$/, 'must be a show id like RM_AbC123 (from /api/analytics/shows)'),
})

// One show's history: viewers over time from join/leave events, peak, unique viewers, watch time,
// recordings.
export default defineEventHandler(async (event): Promise<ShowHistory> => {
  await requireHostOrOps(event)
  const { sid } = parseOr400(paramsSchema, getRouterParams(event))
  const store = await requireAnalyticsStore()
  const history = await showHistory(store, sid)
  if (!history) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No show with id ${sid} has been recorded. Pick one from /analytics.` })
  }
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return history
})
