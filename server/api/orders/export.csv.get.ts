// The orders page as a CSV file (same filters), for invoicing in a spreadsheet.
import { BUILTIN_HOST_ID } from '../../db/schema/catalog'

export default defineEventHandler(async (event) => {
  const user = await requireHostOrOps(event)
  const query = validQuery(event, ordersQuerySchema)
  const scope = user.role === 'ops' ? {} : { hostId: user.hostId ?? BUILTIN_HOST_ID }
  const orders = await listOrders(await requireDb(), scope, { showId: query.show, status: query.status })
  setResponseHeaders(event, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="orders${query.show ? `-${query.show}` : ''}.csv"`,
    'Cache-Control': 'no-store',
  })
  return ordersToCsv(orders)
})
