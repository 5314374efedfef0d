// The host marks an order paid, shipped or cancelled (cancelling returns its stock).
import { BUILTIN_HOST_ID } from '../../db/schema/catalog'

export default defineEventHandler(async (event) => {
  const user = await requireHost(event)
  const { status } = await validBody(event, orderStatusChangeSchema)
  const orderId = getRouterParam(event, 'id') ?? ''
  const { order, released } = await setOrderStatus(await requireDb(), orderId, status, { hostId: user.hostId ?? BUILTIN_HOST_ID })
  if (released?.saleIds.length) void syncFlashSaleState(released.showId)
  return { order }
})
