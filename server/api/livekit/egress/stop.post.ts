import type { EgressInfo } from 'livekit-server-sdk'
import type { EgressStopResponse } from '#shared/types/livekit'

// The show's own host only: stops one egress, or every active egress of a room. A host may stop
// only recordings of their own shows, so an egress named by id is checked against its room's show.
export default defineEventHandler(async (event): Promise<EgressStopResponse> => {
  await requireHost(event)
  const body = await validBody(event, egressStopSchema)
  if (body.roomName) await requireShowManager(event, body.roomName)
  const egress = useEgressClient()
  const nothing = body.egressId
    ? `Recording ${body.egressId} is not active${body.roomName ? ` in room "${body.roomName}"` : ''}: nothing to stop.`
    : `Nothing is being recorded in room "${body.roomName}".`

  // LiveKit without any Egress worker cannot have an active recording: that is a 404 here.
  const lookup = (error: unknown): never => {
    if (isNoWorker(error)) {
      throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `${nothing} (No Egress worker is connected, so no recording can be running.)` })
    }
    return egressFailure(error, nothing)
  }

  let targets: EgressInfo[]
  if (body.egressId) {
    const found = await egress.listEgress({ egressId: body.egressId }).catch(lookup)
    targets = found.filter(info => isActiveEgress(info) && (!body.roomName || info.roomName === body.roomName))
    // Stop by id alone: the egress's room decides whose it is (403 for another host's show).
    for (const room of new Set(targets.map(info => info.roomName))) {
      if (room !== body.roomName) await requireShowManager(event, room)
    }
  }
  else {
    targets = await activeEgresses(egress, body.roomName!).catch(lookup)
  }
  if (!targets.length) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: nothing })

  const results = await Promise.allSettled(targets.map(info => egress.stopEgress(info.egressId).then(() => info.egressId)))
  const stopped = results.flatMap(result => (result.status === 'fulfilled' ? [result.value] : []))
  const failure = results.find(result => result.status === 'rejected')
  // Some stopped: report them (a recording that ended on its own meanwhile needs no stop).
  if (!stopped.length && failure) egressFailure(failure.reason, nothing)
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { stopped }
})
