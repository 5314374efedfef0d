import type { EgressStartResponse } from '#shared/types/livekit'

// The show's own host only (ops never record: DESIGN.md, show-access.ts). Order matters: cheap
// checks that need no LiveKit first (session, body, show ownership, storage settings), then "is the
// room live" (RoomService), then "is it recording already" (Egress API).
export default defineEventHandler(async (event): Promise<EgressStartResponse> => {
  await requireHost(event)
  const { roomName, mode, audioOnly } = await validBody(event, egressStartSchema)
  // 404 for a room that is no show, 403 for another host's show.
  await requireShowManager(event, roomName)
  const target = storageTarget(resolveStorageConfig())
  await requireLiveRoom(roomName)
  const egress = useEgressClient()
  const notFound = `Room "${roomName}" is not live: start broadcasting in it before recording.`

  const result = await withRoomLock(roomName, async () => {
    const active = await activeEgresses(egress, roomName).catch(error => egressFailure(error, notFound))
    if (active[0]) throw alreadyRecording(roomName, active[0])

    const requestedAt = new Date()
    const { output, location } = egressFileOutput(roomName, requestedAt, audioOnly, target)
    const info = await egress
      .startRoomCompositeEgress(roomName, output, { layout: egressLayoutFor(mode), audioOnly })
      .catch(error => egressFailure(error, notFound))

    // Another app instance may have started one at the same moment (see raceWinner).
    const after = await activeEgresses(egress, roomName).catch(() => [])
    const winner = raceWinner([info, ...after.filter(other => other.egressId !== info.egressId)])
    if (winner && winner.egressId !== info.egressId) {
      await egress.stopEgress(info.egressId).catch(() => {})
      throw alreadyRecording(roomName, winner)
    }
    return egressStartResponse(info, location, requestedAt)
  })
  setResponseStatus(event, 201)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return result
})
