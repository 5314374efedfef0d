// The host's orders (every order for ops), newest first; ?show= and ?status= filter.
import { BUILTIN_HOST_ID } from '../../db/schema/catalog'

export default defineEventHandler(async (event) => {
  const user = await requireHostOrOps(event)
  const query = validQuery(event, ordersQuerySchema)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const scope = user.role === 'ops' ? {} : { hostId: user.hostId ?? BUILTIN_HOST_ID }
  return { orders: await listOrders(await requireDb(), scope, { showId: query.show, status: query.status }) }
})
