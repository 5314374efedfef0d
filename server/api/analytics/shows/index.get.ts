import { z } from 'zod'
import type { ShowsResponse } from '#shared/types/analytics'

const DAY_MS = 24 * 60 * 60 * 1000
// Bounded: JavaScript dates reach ±271,821 years, where "7 days before" is no date at all (a 500).
const EARLIEST = Date.UTC(2000, 0, 1)
const LATEST = Date.UTC(2100, 0, 1)
const instant = z.string()
  .refine(value => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date/time, e.g. 2026-01-31T18:00:00Z')
  .transform(value => Date.parse(value))
  .refine(ms => ms >= EARLIEST && ms <= LATEST, 'must be between 2000-01-01 and 2100-01-01')

const querySchema = z.object({
  from: instant.optional(),
  to: instant.optional(),
  days: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(366, 'must be at most 366').optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
}).refine(q => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['from'] })

// Shows that overlap [from, to) (default: `days` — else 7 — days before `to`), newest first.
export default defineEventHandler(async (event): Promise<ShowsResponse> => {
  await requireHostOrOps(event)
  const query = validQuery(event, querySchema)
  const to = query.to ?? Date.now()
  const from = query.from ?? to - (query.days ?? 7) * DAY_MS
  const store = await requireAnalyticsStore()
  const shows = await listShowSummaries(store, from, to, query.limit)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { shows, from: new Date(from).toISOString(), to: new Date(to).toISOString() }
})
