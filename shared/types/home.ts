// GET /api/home: what the home page shows, in three sections. Public, cached for everyone alike
// (server/utils/home-shows.ts), so nothing here depends on who asks.
import type { ShowStatus } from './catalog'

/** A lineup product on a live card: enough for a title and a price, no stock or variants. */
export interface HomeProduct {
  id: string
  title: string
  /** Integer minor units with `currency`; the page formats it (shared/utils/money.ts). */
  price: number
  currency: string
  /** First image id, or null. */
  image: string | null
}

export interface HomeShow {
  id: string
  title: string
  hostName: string
  status: ShowStatus
  coverImage: string | null
  /** A recent studio frame (image id) while live, the last one after; null before the first. */
  snapshotImage: string | null
  /** ISO 8601 or null. */
  scheduledAt: string | null
  startedAt: string | null
  endedAt: string | null
}

export interface HomeLiveShow extends HomeShow {
  /** From LiveKit's counters (numParticipants − numPublishers); null when LiveKit did not answer. */
  viewers: number | null
  /**
   * The host is broadcasting (the room has a publisher). False while a live show's host is off air
   * (dropped out, reconnecting, or stopped without ending it); null when LiveKit did not answer.
   */
  onAir: boolean | null
  /** The first products of the lineup, in order. */
  products: HomeProduct[]
}

export interface HomeResponse {
  live: HomeLiveShow[]
  upcoming: HomeShow[]
  ended: HomeShow[]
  /** When the server read these (ISO 8601): the page's countdowns are against the viewer's clock. */
  generatedAt: string
}
