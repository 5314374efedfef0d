import { z } from 'zod'

const paramsSchema = z.object({ id: roomNameSchema })

// The show's host uploads a recent studio frame (raw image/jpeg, ≤ 64 KB) while live; show cards
// on the home page use it. 401/403 for anyone else, 404 unknown show, 409 when not live.
export default defineEventHandler(async (event) => {
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const { show } = await requireShowManager(event, id)
  if (show.status !== 'live') {
    throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `"${show.title}" is not live; snapshots are taken only while a show is on air.` })
  }
  const image = await replaceShowSnapshot(show, await readSnapshotBody(event))
  setResponseStatus(event, 201)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { id: image.id, url: imageUrl(image.id), srcset: imageSrcset(image.id) }
})
