// A host imports a CSV (the export's format) as the request body (text/csv). All or nothing: any
// bad row → 400 listing the problems by line, and nothing is written.
export default defineEventHandler(async (event) => {
  const user = await requireHost(event)
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (!/^text\/(csv|plain)\b/i.test(type)) {
    throw createError({ statusCode: 415, statusMessage: 'Unsupported Media Type', message: 'Send the CSV file as the body with Content-Type: text/csv.' })
  }
  if (Number(getRequestHeader(event, 'content-length')) > CSV_MAX_BYTES) {
    throw createError({ statusCode: 413, statusMessage: 'Content Too Large', message: 'The CSV is larger than 2 MB; split it into smaller files.' })
  }
  const text = (await readRawBody(event, 'utf8')) ?? ''
  if (text.length > CSV_MAX_BYTES) throw createError({ statusCode: 413, statusMessage: 'Content Too Large', message: 'The CSV is larger than 2 MB; split it into smaller files.' })
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return importProductsCsv(sessionHostId(user), text)
})
