// Shows and products as the app and the API see them (camelCase; the database is snake_case).

export type ShowStatus = 'scheduled' | 'live' | 'ended'

/** Image widths stored for every upload (WebP); see shared/utils/images.ts. */
export type ImageWidth = 160 | 480 | 1080

export interface ProductVariant {
  id: string
  name: string
  /** Minor units; null = the product's price. */
  price: number | null
  stock: number
  sku: string | null
}

export interface Product {
  id: string
  hostId: string
  title: string
  description: string
  /** Integer minor units (cents), with `currency` (ISO 4217, e.g. "EUR"). */
  price: number
  currency: string
  /** Image ids, 1–5; URLs come from imageUrl(id, width). */
  images: string[]
  /** Stock of a product without variants; with variants, the sum of theirs. */
  stock: number
  sku: string | null
  externalUrl: string | null
  archived: boolean
  variants: ProductVariant[]
}

export interface Show {
  /** Slug, also the LiveKit room name. */
  id: string
  hostId: string
  hostName: string
  title: string
  description: string
  coverImage: string | null
  /** A recent frame from the studio while live (image id). */
  snapshotImage: string | null
  /** ISO 8601, or null when not scheduled. */
  scheduledAt: string | null
  status: ShowStatus
  startedAt: string | null
  endedAt: string | null
}

/** GET /api/shows/:id — public, cached: the show and its lineup in order. */
export interface ShowDetail extends Show {
  lineup: Product[]
}

/** POST /api/uploads → the stored image. */
export interface UploadedImage {
  id: string
  /** Of the original, after EXIF rotation. */
  width: number
  height: number
  /** imageUrl(id) (480 px) and imageSrcset(id). */
  url: string
  srcset: string
}
