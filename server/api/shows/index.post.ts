import type { ShowDetail } from '#shared/types/catalog'

// A host creates a show (its id becomes the LiveKit room name); 409 when the id is taken.
export default defineEventHandler(async (event): Promise<ShowDetail> => {
  const user = await requireHost(event)
  const input = await validBody(event, showCreateSchema)
  const show = await insertShow(sessionHostId(user), input)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return show
})
