import type { Product } from '#shared/types/catalog'

// A host adds a product (1–5 uploaded images, optional variants with their own stock and price).
export default defineEventHandler(async (event): Promise<Product> => {
  const user = await requireHost(event)
  const input = await validBody(event, productCreateSchema)
  const product = await createProduct(sessionHostId(user), input)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return product
})
