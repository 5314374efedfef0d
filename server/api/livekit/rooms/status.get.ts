import type { RoomStatus } from '#shared/types/livekit'

// Anyone gets the public fields; a host/ops session also gets the participant list.
export default defineEventHandler(async (event): Promise<RoomStatus> => {
  const { room } = validQuery(event, roomStatusQuerySchema)
  const { room: snapshot } = await cachedRoomSnapshot(room)
  const status = publicStatus(room, snapshot)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  const session = await getUserSession(event)
  const role = session.user?.role
  if (snapshot && (role === 'host' || role === 'ops')) {
    return { ...status, participants: await cachedParticipants(room) }
  }
  return status
})
