import type { ShowDetail } from '#shared/types/catalog'
import { z } from 'zod'

const paramsSchema = z.object({ id: roomNameSchema })

// Public: the show and its lineup (products, variants, prices, stock, images) for viewers and show
// pages. Shared through a 5 s cache (server/utils/shows.ts), so an audience costs ~1 query per 5 s.
export default defineEventHandler(async (event): Promise<ShowDetail> => {
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const { show } = await cachedShowDetail(id)
  if (!show) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No such show: "${id}". Check the link, or ask the host for it.` })
  }
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return show
})
