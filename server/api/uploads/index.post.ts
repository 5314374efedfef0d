import type { UploadedImage } from '#shared/types/catalog'

// A host uploads one image as the raw request body (JPEG, PNG or WebP, ≤ 10 MB; checked from the
// bytes, not the name). Answers the id and the URLs of the stored WebP sizes.
export default defineEventHandler(async (event): Promise<UploadedImage> => {
  const user = await requireHost(event)
  const body = await readUploadBody(event)
  const image = await storeImage(sessionHostId(user), body)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { id: image.id, width: image.width, height: image.height, url: imageUrl(image.id), srcset: imageSrcset(image.id) }
})
