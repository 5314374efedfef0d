import { z } from 'zod'
import type { HostAccount } from '#shared/types/hosts'

const paramsSchema = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, 'is not a host id') })

// Ops rename, disable/enable or reset the password of a host; the last two sign it out everywhere.
export default defineEventHandler(async (event): Promise<HostAccount> => {
  await requireRole(event, 'ops')
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const patch = await validBody(event, hostUpdateSchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return updateHostAccount(id, patch)
})
