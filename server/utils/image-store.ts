// Uploaded images (product photos, show covers, studio snapshots): checked from their content with
// sharp (JPEG, PNG or WebP only; the name and Content-Type are not trusted), resized to WebP at
// every IMAGE_WIDTHS, stored under `<id>:<width>.webp` in the `uploads` storage mount
// (server/plugins/uploads-storage.ts: local files, or the S3 bucket), then recorded in `images`.
// All sizes are made in memory first; a failure at any step leaves nothing behind.
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import type { H3Event } from 'h3'
import sharp, { type Metadata } from 'sharp'
import type { ImageWidth } from '#shared/types/catalog'
import { IMAGE_WIDTHS } from '#shared/utils/images'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** Decompression bombs: a small file that decodes to a huge bitmap is refused before decoding. */
const MAX_INPUT_PIXELS = 40_000_000
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp'])
const WEBP_QUALITY = 80

export type ImageKind = 'upload' | 'snapshot'

export interface StoredImage {
  id: string
  width: number
  height: number
  bytes: number
}

/** Where local uploads go (NUXT_UPLOADS_DIR / UPLOADS_DIR), default `.data/uploads`. */
export function resolveUploadsDir(): string {
  const configured = (useRuntimeConfig().uploadsDir as string | undefined) || process.env.UPLOADS_DIR?.trim() || '.data/uploads'
  return resolve(configured)
}

export const useImageStorage = () => useStorage('uploads')

const storageKey = (id: string, width: ImageWidth) => `${id}:${width}.webp`

function refused(statusCode: number, message: string): never {
  throw createError({ statusCode, statusMessage: statusCode === 415 ? 'Unsupported Media Type' : 'Unprocessable Content', message })
}

/** Every stored size of one image, as WebP buffers; 415/422 when it is not an image we take. */
export async function renderImageSizes(input: Buffer): Promise<{ width: number, height: number, sizes: Map<ImageWidth, Buffer> }> {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const }
  let metadata: Metadata
  try {
    metadata = await sharp(input, options).metadata()
  }
  catch {
    refused(415, 'That file is not an image we can read. Upload a JPEG, PNG or WebP photo.')
  }
  if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format)) {
    refused(415, `That file is ${metadata.format ? `a ${metadata.format.toUpperCase()} image` : 'not an image'}; upload a JPEG, PNG or WebP photo.`)
  }
  if (!metadata.width || !metadata.height || metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    refused(422, 'That image is too large in pixels (at most 40 megapixels).')
  }
  const sizes = new Map<ImageWidth, Buffer>()
  try {
    for (const width of IMAGE_WIDTHS) {
      // rotate(): apply the EXIF orientation (phones), then the metadata is dropped (sharp's default).
      const resized = await sharp(input, options).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: WEBP_QUALITY }).toBuffer()
      sizes.set(width, resized)
    }
  }
  catch {
    refused(422, 'That image is damaged or incomplete and could not be converted. Try exporting it again.')
  }
  const upright = (metadata.orientation ?? 1) >= 5 // 90° turns swap width and height
  return { width: upright ? metadata.height : metadata.width, height: upright ? metadata.width : metadata.height, sizes }
}

async function removeStoredSizes(id: string) {
  const storage = useImageStorage()
  await Promise.all(IMAGE_WIDTHS.map(width => storage.removeItem(storageKey(id, width)).catch(() => {})))
}

/** Checks, converts, stores and records an image for this host; nothing is kept when a step fails. */
export async function storeImage(hostId: string, input: Buffer, kind: ImageKind = 'upload'): Promise<StoredImage> {
  const { width, height, sizes } = await renderImageSizes(input)
  const id = randomUUID().replaceAll('-', '')
  const storage = useImageStorage()
  const bytes = [...sizes.values()].reduce((sum, buffer) => sum + buffer.length, 0)
  try {
    for (const [size, buffer] of sizes) await storage.setItemRaw(storageKey(id, size), buffer)
    const db = await requireDb()
    await db.run('INSERT INTO images (id, host_id, kind, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, hostId, kind, width, height, bytes, Date.now()])
  }
  catch (error) {
    await removeStoredSizes(id)
    if (error && typeof error === 'object' && 'statusCode' in error) throw error
    console.error(`[images] storing ${id} failed:`, error instanceof Error ? error.message : error)
    throw createError({ statusCode: 503, statusMessage: 'Service Unavailable', message: 'The image could not be stored right now. Please try again in a moment.' })
  }
  return { id, width, height, bytes }
}

/** Removes an image's files and its record (a replaced studio snapshot). Never throws. */
export async function deleteImage(id: string): Promise<void> {
  await removeStoredSizes(id)
  try {
    await (await requireDb()).run('DELETE FROM images WHERE id = ?', [id])
  }
  catch (error) {
    console.warn(`[images] forgetting ${id} failed:`, error instanceof Error ? error.message : error)
  }
}

/** One stored size, or null. */
export async function readStoredImage(id: string, width: ImageWidth): Promise<Buffer | null> {
  const value = await useImageStorage().getItemRaw(storageKey(id, width))
  if (!value) return null
  return Buffer.isBuffer(value) ? value : Buffer.from(value as ArrayBuffer)
}

/** 400 unless every id is an image this host uploaded. */
export async function requireOwnImages(hostId: string, ids: string[], field: string): Promise<void> {
  if (!ids.length) return
  const db = await requireDb()
  const rows = await db.all<{ id: string }>(`SELECT id FROM images WHERE host_id = ? AND id IN (${sqlPlaceholders(ids.length)})`, [hostId, ...ids])
  const found = new Set(rows.map(row => row.id))
  const missing = ids.filter(id => !found.has(id))
  if (missing.length) {
    throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: `${field}: ${missing.map(id => `"${id}"`).join(', ')} ${missing.length === 1 ? 'is not an image you uploaded' : 'are not images you uploaded'}.` })
  }
}

/**
 * The uploaded file (the raw request body) as a Buffer: 413 past `maxBytes`, 400 when empty. The
 * request guard (server/middleware) caps bodies while streaming; Content-Length is checked here
 * first as well, so a huge upload is refused before it is read.
 */
export async function readUploadBody(event: H3Event, maxBytes = MAX_UPLOAD_BYTES): Promise<Buffer> {
  const tooBig = () => createError({ statusCode: 413, statusMessage: 'Content Too Large', message: `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Upload a smaller image.` })
  const declared = Number(getRequestHeader(event, 'content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) throw tooBig()
  const body = await readRawBody(event, false)
  if (!body?.length) throw createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'The upload is empty: send the image file as the request body.' })
  if (body.length > maxBytes) throw tooBig()
  return Buffer.isBuffer(body) ? body : Buffer.from(body)
}
