import { z } from 'zod'
import type { LiveRoomsResponse } from '#shared/types/analytics'

const querySchema = z.object({ room: roomNameSchema.optional() })

// Rooms live right now, for the ops page's self-refreshing table and LiveKitAnalytics.
export default defineEventHandler(async (event): Promise<LiveRoomsResponse> => {
  await requireHostOrOps(event)
  const { room } = validQuery(event, querySchema)
  // Live counts come from LiveKit; without the store the stored figures read 0 rather than failing.
  const store = await useAnalyticsStore().catch(() => null)
  const rooms = await liveRoomSummaries(store, room)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { rooms, at: new Date().toISOString() }
})
