// One room's recordings as the routes need them: one start/stop at a time per room, the room must
// be live, its active egresses, and the 409 that names the one already running. (What is sent to
// Egress, and how its answers and errors read, is egress-request.ts: pure, unit-tested.)
import type { EgressClient, EgressInfo } from 'livekit-server-sdk'

// One start/stop at a time per room in this process: two starts that race both reach
// listEgress before either egress exists otherwise. Across instances, egress-request.ts's
// raceWinner settles it after the fact.
const roomLocks = new Map<string, Promise<unknown>>()

export async function withRoomLock<T>(room: string, task: () => Promise<T>): Promise<T> {
  const previous = roomLocks.get(room) ?? Promise.resolve()
  const run = previous.then(task)
  const tail = run.catch(() => {})
  roomLocks.set(room, tail)
  try {
    return await run
  }
  finally {
    if (roomLocks.get(room) === tail) roomLocks.delete(room)
  }
}

/**
 * 404 unless the room exists on the LiveKit server and someone publishes in it. Asks RoomService
 * directly (not the 1 s status cache): a recording must not start on a show that just ended.
 */
export async function requireLiveRoom(roomName: string) {
  const [room] = await useRoomService().listRooms([roomName]).catch(liveKitUnreachable)
  if (!room || room.numPublishers === 0) {
    throw createError({
      statusCode: 404,
      statusMessage: 'Room not live',
      message: `Room "${roomName}" is not live: start broadcasting in it before recording.`,
    })
  }
  return room
}

/** The room's egresses that are starting or recording. */
export async function activeEgresses(egress: EgressClient, roomName: string): Promise<EgressInfo[]> {
  const list = await egress.listEgress({ roomName, active: true })
  // The filter is the server's; checking status again keeps a lagging list from blocking a start.
  return list.filter(info => isActiveEgress(info) && info.roomName === roomName)
}

export function alreadyRecording(roomName: string, active: EgressInfo) {
  return createError({
    statusCode: 409,
    statusMessage: 'Already recording',
    message: `Room "${roomName}" is already being recorded (egress ${active.egressId}). Stop that recording first.`,
    data: { egressId: active.egressId },
  })
}
