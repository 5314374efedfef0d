// The home page's three sections — live now, starting soon, recently ended — read in four small
// queries plus the cached LiveKit room list (viewer counts). Every visitor sees the same answer, so
// it goes through the same bounded cache as room status (server/utils/bounded-cache.ts): fresh 2 s,
// served stale up to 10 s while one refresh runs, shared through Redis when configured so N
// instances agree and the database sees ~1 read per 2 s whatever the traffic.
import type { HomeLiveShow, HomeProduct, HomeResponse, HomeShow } from '#shared/types/home'
import { viewersOf } from '#shared/utils/viewers'
import type { DbExecutor } from './db'
import type { ShowDbRow } from './shows'

export const HOME_LIMITS = { live: 24, upcoming: 12, ended: 6, products: 3 } as const
/** A scheduled show whose start passed this long ago without going live leaves "Starting soon". */
export const UPCOMING_GRACE_MS = 2 * 60 * 60 * 1000

type HomeRow = Pick<ShowDbRow, 'id' | 'title' | 'host_name' | 'status' | 'cover_image' | 'snapshot_image' | 'scheduled_at' | 'started_at' | 'ended_at'>

interface LineupRow {
  show_id: string
  id: string
  title: string
  price: number | string
  currency: string
  images: string
}

const COLUMNS = 'SELECT s.id, s.title, h.name AS host_name, s.status, s.cover_image, s.snapshot_image, s.scheduled_at, s.started_at, s.ended_at FROM shows s JOIN hosts h ON h.id = s.host_id'
// PostgreSQL returns BIGINT as strings.
const iso = (ms: number | string | null) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString())

function toHomeShow(row: HomeRow): HomeShow {
  return {
    id: row.id,
    title: row.title,
    hostName: row.host_name,
    status: row.status,
    coverImage: row.cover_image,
    snapshotImage: row.snapshot_image,
    scheduledAt: iso(row.scheduled_at),
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
  }
}

function firstImage(json: string): string | null {
  try {
    const ids = JSON.parse(json)
    return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : null
  }
  catch {
    return null
  }
}

/** The first `HOME_LIMITS.products` non-archived lineup products of each show, in lineup order. */
async function lineupHeads(db: DbExecutor, showIds: string[]): Promise<Map<string, HomeProduct[]>> {
  const heads = new Map<string, HomeProduct[]>()
  if (!showIds.length) return heads
  const rows = await db.all<LineupRow>(
    `SELECT show_id, id, title, price, currency, images FROM (
      SELECT sp.show_id, p.id, p.title, p.price, p.currency, p.images,
        ROW_NUMBER() OVER (PARTITION BY sp.show_id ORDER BY sp.position) AS n
      FROM show_products sp JOIN products p ON p.id = sp.product_id
      WHERE p.archived = 0 AND sp.show_id IN (${sqlPlaceholders(showIds.length)})
    ) ranked WHERE n <= ? ORDER BY show_id, n`,
    [...showIds, HOME_LIMITS.products],
  )
  for (const row of rows) {
    const list = heads.get(row.show_id) ?? []
    list.push({ id: row.id, title: row.title, price: Number(row.price), currency: row.currency, image: firstImage(row.images) })
    heads.set(row.show_id, list)
  }
  return heads
}

/** Viewer counts and whether someone publishes, by room; null when LiveKit cannot be asked (the page still renders, without them). */
async function roomCounts(): Promise<Map<string, { viewers: number, onAir: boolean }> | null> {
  try {
    return new Map((await cachedRoomList()).map(room => [room.name, { viewers: viewersOf(room), onAir: room.numPublishers > 0 }]))
  }
  catch (error) {
    console.warn('[home] no viewer counts:', error instanceof Error ? error.message : error)
    return null
  }
}

/**
 * The sections, uncached. A show is live once its host went on air (a studio opened early leaves it
 * scheduled, under "Starting soon"); live shows whose host is publishing right now come first, then
 * by audience.
 */
export async function loadHome(now = Date.now()): Promise<HomeResponse> {
  const db = await requireDb()
  const [liveRows, upcomingRows, endedRows, counts] = await Promise.all([
    db.all<HomeRow>(`${COLUMNS} WHERE s.status = 'live' ORDER BY s.started_at DESC, s.id LIMIT ?`, [HOME_LIMITS.live]),
    db.all<HomeRow>(
      `${COLUMNS} WHERE s.status = 'scheduled' AND s.scheduled_at IS NOT NULL AND s.scheduled_at >= ? ORDER BY s.scheduled_at, s.id LIMIT ?`,
      [now - UPCOMING_GRACE_MS, HOME_LIMITS.upcoming],
    ),
    db.all<HomeRow>(`${COLUMNS} WHERE s.status = 'ended' ORDER BY s.ended_at DESC, s.id LIMIT ?`, [HOME_LIMITS.ended]),
    roomCounts(),
  ])
  const products = await lineupHeads(db, liveRows.map(row => row.id))
  const live: HomeLiveShow[] = liveRows.map(row => ({
    ...toHomeShow(row),
    viewers: counts ? (counts.get(row.id)?.viewers ?? 0) : null,
    onAir: counts ? (counts.get(row.id)?.onAir ?? false) : null,
    products: products.get(row.id) ?? [],
  }))
  // Publishing now first (a live show whose host dropped out or stopped says "Starting soon" and
  // comes after), then by audience.
  live.sort((a, b) => Number(b.onAir !== false) - Number(a.onAir !== false) || (b.viewers ?? 0) - (a.viewers ?? 0))
  return { live, upcoming: upcomingRows.map(toHomeShow), ended: endedRows.map(toHomeShow), generatedAt: new Date(now).toISOString() }
}

const homeCache = createBoundedCache<HomeResponse>({
  fetch: () => loadHome(),
  freshMs: 2_000,
  staleMs: 10_000,
  maxEntries: 1,
  shared: sharedCacheStore('home'),
  onError: (error, what) => console.error(`[home] ${what} failed:`, error instanceof Error ? error.message : error),
})

export const cachedHome = () => homeCache.get('sections')
