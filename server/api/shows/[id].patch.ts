import type { ShowDetail } from '#shared/types/catalog'
import { z } from 'zod'

const paramsSchema = z.object({ id: roomNameSchema })

// The show's own host edits it (title, schedule, cover, lineup) or ends it; 403 for another host.
export default defineEventHandler(async (event): Promise<ShowDetail> => {
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const { show } = await requireShowManager(event, id)
  const patch = await validBody(event, showUpdateSchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return updateShow(id, show.host_id, patch)
})
