import type { Product } from '#shared/types/catalog'
import { z } from 'zod'

const querySchema = z.object({ archived: z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional() })

// The signed-in host's catalog (archived products too with ?archived=true).
export default defineEventHandler(async (event): Promise<{ products: Product[] }> => {
  const user = await requireHost(event)
  const { archived } = validQuery(event, querySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { products: await listHostProducts(sessionHostId(user), archived === 'true' || archived === '1') }
})
