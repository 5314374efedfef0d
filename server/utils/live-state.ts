// A show's live state (spotlight, flash sale, pinned message, chat settings): stored with a version
// in the database (so several app instances agree), then written into the LiveKit room metadata,
// which every viewer receives on connect and on RoomMetadataChanged.
import { EMPTY_LIVE_STATE, type LiveState } from '#shared/types/live-state'

interface LiveStateRow { version: number, state: string }

function parse(row: LiveStateRow | undefined): LiveState {
  if (!row) return structuredClone(EMPTY_LIVE_STATE)
  return { ...structuredClone(EMPTY_LIVE_STATE), ...JSON.parse(row.state), version: row.version }
}

export async function readLiveState(showId: string): Promise<LiveState> {
  const db = await requireDb()
  return parse(await db.get<LiveStateRow>('SELECT version, state FROM show_live_state WHERE show_id = ?', [showId]))
}

/**
 * Applies `change` to the stored state (optimistic: retried when another instance wrote first),
 * bumps the version, then publishes it to the room. Returns the new state.
 */
export async function updateLiveState(showId: string, change: (state: LiveState) => void): Promise<LiveState> {
  const db = await requireDb()
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await readLiveState(showId)
    const next = structuredClone(current)
    change(next)
    next.version = current.version + 1
    next.updatedAt = Date.now()
    const { version: _version, ...body } = next
    const written = current.version === 0
      ? await db.run('INSERT INTO show_live_state (show_id, version, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (show_id) DO NOTHING', [showId, next.version, JSON.stringify(body), next.updatedAt])
      : await db.run('UPDATE show_live_state SET version = ?, state = ?, updated_at = ? WHERE show_id = ? AND version = ?', [next.version, JSON.stringify(body), next.updatedAt, showId, current.version])
    if (written.changes === 1) {
      await publishLiveState(showId)
      return next
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Conflict', message: 'The show changed at the same moment; try again.' })
}

/**
 * Writes the newest stored state into the room metadata. Reads after writing and repeats when a
 * newer version landed meanwhile, so concurrent writers never leave an older version on the room.
 * A room that is not open yet is fine: the studio creates it with the current state.
 */
export async function publishLiveState(showId: string): Promise<void> {
  let published = -1
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await readLiveState(showId)
    if (state.version <= published) return
    try {
      await useRoomService().updateRoomMetadata(showId, JSON.stringify(state))
    }
    catch (error) {
      // Not live (no room) is expected; anything else is logged, the next write retries.
      const message = error instanceof Error ? error.message : String(error)
      if (!/not.?found|does not exist/i.test(message)) console.warn(`[live-state] could not update room ${showId}: ${message}`)
      return
    }
    published = state.version
  }
}
