// The studio's recent frame of a live show (composables/useStudioSnapshot.ts uploads one every
// ~30 s): stored like any upload (WebP at every IMAGE_WIDTHS, kind 'snapshot'), it replaces the
// show's previous frame, whose files are deleted so a long show leaves one image, not hundreds.
import type { H3Event } from 'h3'
import { KB } from './request-policy'
import type { StoredImage } from './image-store'

/** The studio sends ≤ 50 KB; the cap leaves headroom (the request guard enforces the same cap). */
export const SNAPSHOT_MAX_BYTES = 64 * KB

/** The raw JPEG body: 400 empty, 413 past SNAPSHOT_MAX_BYTES. */
export async function readSnapshotBody(event: H3Event): Promise<Buffer> {
  const body = await readRawBody(event, false)
  if (!body?.length) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The snapshot is empty: send one JPEG frame as the request body.' })
  }
  if (body.length > SNAPSHOT_MAX_BYTES) {
    throw createError({ statusCode: 413, statusMessage: 'Content Too Large', message: `A snapshot may be at most ${SNAPSHOT_MAX_BYTES / KB} KB; send a smaller JPEG.` })
  }
  return Buffer.isBuffer(body) ? body : Buffer.from(body)
}

/** Stores the frame as the show's snapshot and drops the previous one. */
export async function replaceShowSnapshot(show: { id: string, host_id: string }, jpeg: Buffer, now = Date.now()): Promise<StoredImage> {
  const image = await storeImage(show.host_id, jpeg, 'snapshot')
  const db = await requireDb()
  const previous = await db.transaction(async (tx) => {
    const row = await tx.get<{ snapshot_image: string | null }>('SELECT snapshot_image FROM shows WHERE id = ?', [show.id])
    await tx.run('UPDATE shows SET snapshot_image = ?, snapshot_at = ?, updated_at = ? WHERE id = ?', [image.id, now, now, show.id])
    return row?.snapshot_image ?? null
  }).catch(async (error) => {
    await deleteImage(image.id)
    throw error
  })
  if (previous && previous !== image.id) await deleteImage(previous)
  await forgetShowDetail(show.id)
  return image
}
