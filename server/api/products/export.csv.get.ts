// The signed-in host's whole catalog (archived products included) as a CSV download.
export default defineEventHandler(async (event) => {
  const user = await requireHost(event)
  const csv = productsToCsv(await listHostProducts(sessionHostId(user), true))
  setResponseHeaders(event, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="products.csv"',
    'Cache-Control': 'no-store',
  })
  return csv
})
