import type { Product } from '#shared/types/catalog'
import { z } from 'zod'

const paramsSchema = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, 'is not a product id') })

// The host edits or archives (archived: true) one of their products; 404 for anyone else's.
export default defineEventHandler(async (event): Promise<Product> => {
  const user = await requireHost(event)
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const patch = await validBody(event, productUpdateSchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return updateProduct(sessionHostId(user), id, patch)
})
