import type { LiveShowsResponse } from '#shared/types/livekit'

// Live shows for the home page and the mobile swipe list: rooms with a publisher on air.
// One cached RoomService call per second for everyone (server/utils/room-status.ts).
export default defineEventHandler(async (event): Promise<LiveShowsResponse> => {
  const shows = liveShows(await cachedRoomList())
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { shows }
})
