import type { Show } from '#shared/types/catalog'
import { z } from 'zod'

const paramsSchema = z.object({ id: roomNameSchema })

// The studio is on air (its tracks are published): the show is live from now. Idempotent — the
// studio calls it again after every rejoin, and a live show keeps its start time. The show's own
// host only (401/403), 404 unknown show, 409 for an ended show (schedule it again first).
export default defineEventHandler(async (event): Promise<Show> => {
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const { show } = await requireShowManager(event, id)
  const result = await markShowLive(id)
  if (result === 'ended') {
    throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `"${show.title}" has ended. Schedule it again on your Shows page to go live with it.` })
  }
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return (await getShow(id))!
})
