// Who may do what to a show. A host controls only their own shows; ops may moderate and read every
// show but never publish (admin tokens, recording stay host-only).
import type { H3Event } from 'h3'
import { BUILTIN_HOST_ID } from '../db/schema/catalog'

export interface ShowAccessRow {
  id: string
  host_id: string
  title: string
  status: 'scheduled' | 'live' | 'ended'
}

/** The show's row, or undefined. */
export async function findShowRow(id: string): Promise<ShowAccessRow | undefined> {
  const db = await requireDb()
  return db.get<ShowAccessRow>('SELECT id, host_id, title, status FROM shows WHERE id = ?', [id])
}

/** The show, or 404 "No such show". */
export async function requireShowRow(id: string): Promise<ShowAccessRow> {
  const show = await findShowRow(id)
  if (!show) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No such show: "${id}". Check the link, or ask the host for it.` })
  }
  return show
}

/**
 * The signed-in host of this show (or ops when `allowOps`), else 401/403/404.
 * The built-in key host owns the shows it created, like any other host.
 */
export async function requireShowManager(event: H3Event, showId: string, options: { allowOps?: boolean } = {}) {
  const user = options.allowOps ? await requireHostOrOps(event) : await requireHost(event)
  const show = await requireShowRow(showId)
  if (user.role === 'host' && show.host_id !== (user.hostId ?? BUILTIN_HOST_ID)) {
    throw createError({ statusCode: 403, statusMessage: 'Forbidden', message: 'This show belongs to another host.' })
  }
  return { user, show }
}
