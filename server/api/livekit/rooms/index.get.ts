import type { LiveShowsResponse } from '#shared/types/livekit'

// Live shows for the home page: rooms with at least one publisher (a host on air).
export default defineEventHandler(async (event): Promise<LiveShowsResponse> => {
  const rooms = await useRoomService().listRooms().catch(liveKitUnreachable)
  const shows = rooms
    .filter(room => room.numPublishers > 0)
    .map(room => ({
      room: room.name,
      viewers: Math.max(0, room.numParticipants - room.numPublishers),
      publishers: room.numPublishers,
      isRecording: room.activeRecording,
      startedAt: room.creationTime ? new Date(Number(room.creationTime) * 1000).toISOString() : null,
    }))
    .sort((a, b) => b.viewers - a.viewers || a.room.localeCompare(b.room))
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { shows }
})
