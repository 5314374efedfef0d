import type { ImageWidth } from '#shared/types/catalog'

// /uploads/<id>/<width>.webp (shared/utils/images.ts). An id never changes content (a new upload
// gets a new id), so browsers and CDNs may keep it forever.
const FILE_PATTERN = /^(\d+)\.webp$/
const ID_PATTERN = /^[\w-]{8,64}$/

export default defineEventHandler(async (event) => {
  const id = getRouterParam(event, 'id') ?? ''
  const width = Number(FILE_PATTERN.exec(getRouterParam(event, 'file') ?? '')?.[1])
  const notFound = () => createError({ statusCode: 404, statusMessage: 'Not Found', message: 'No such image.' })
  if (!ID_PATTERN.test(id) || !IMAGE_WIDTHS.includes(width as ImageWidth)) throw notFound()
  // The S3 bucket (CLOUD_STORAGE_*) can be unreachable: that is a 503 to retry, never cached.
  const image = await readStoredImage(id, width as ImageWidth).catch((error: unknown) => {
    console.error(`[uploads] reading ${id}/${width} failed:`, error instanceof Error ? error.message : error)
    setResponseHeaders(event, { 'Cache-Control': 'no-store', 'Retry-After': '5' })
    throw createError({ statusCode: 503, statusMessage: 'Service Unavailable', message: 'Images cannot be loaded right now. Try again in a moment.' })
  })
  if (!image) throw notFound()
  setResponseHeaders(event, {
    'Content-Type': 'image/webp',
    'Content-Length': String(image.length),
    'Cache-Control': 'public, max-age=31536000, immutable',
    'ETag': `"${id}-${width}"`,
  })
  return image
})
