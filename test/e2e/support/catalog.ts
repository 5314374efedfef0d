// Catalog helpers for e2e tests: real images made with sharp, uploaded through the app.
import sharp from 'sharp'
import type { UploadedImage } from '../../../shared/types/catalog'

/** A photo-like image (a colour gradient with a shape) in the given format. */
export async function photo(width: number, height: number, format: 'jpeg' | 'png' | 'webp', hue = 200): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},70%,35%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="white" fill-opacity="0.6"/></svg>`
  return sharp(Buffer.from(svg))[format]().toBuffer()
}

/** Uploads an image as the host whose session cookie is given. */
export async function uploadImage(appUrl: string, cookie: string, body: Buffer, type = 'image/jpeg'): Promise<UploadedImage> {
  const response = await fetch(`${appUrl}/api/uploads`, { method: 'POST', headers: { 'content-type': type, cookie }, body: new Uint8Array(body) })
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`)
  return response.json() as Promise<UploadedImage>
}
