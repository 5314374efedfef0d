import type { Show } from '#shared/types/catalog'

// A host's own shows (ops: every show), for the /shows page.
export default defineEventHandler(async (event): Promise<{ shows: Show[] }> => {
  const user = await requireHostOrOps(event)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { shows: await listShowsFor(user) }
})
