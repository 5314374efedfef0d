import type { RoomStatus } from '#shared/types/livekit'

// Every viewer polls this. Anyone gets the public fields; a host/ops session also gets the
// participant list. Viewers send no session, so their requests skip unsealing one.

export default defineEventHandler(async (event): Promise<RoomStatus> => {
  await rateLimit(event, 'status', useRuntimeConfig().statusRateLimit)
  const { room } = validQuery(event, roomStatusQuerySchema)
  const { room: snapshot } = await cachedRoomSnapshot(room)
  const status = publicStatus(room, snapshot)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  if (!snapshot || !requestHasSession(event)) return status
  const role = (await currentUser(event))?.role
  if (role === 'host' || role === 'ops') {
    return { ...status, participants: await cachedParticipants(room) }
  }
  return status
})
