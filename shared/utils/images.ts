import type { ImageWidth } from '../types/catalog'

export const IMAGE_WIDTHS: readonly ImageWidth[] = [160, 480, 1080]

/** Where an uploaded image is served (immutable: a new upload gets a new id). */
export function imageUrl(id: string, width: ImageWidth = 480): string {
  return `/uploads/${encodeURIComponent(id)}/${width}.webp`
}

/** `srcset` value for an uploaded image. */
export function imageSrcset(id: string): string {
  return IMAGE_WIDTHS.map(width => `${imageUrl(id, width)} ${width}w`).join(', ')
}
