import { z } from 'zod'

const paramsSchema = z.object({ id: roomNameSchema })

// Public: a scheduled show as an .ics file ("Add to calendar"). 404 unknown show; 409 when there is
// no start to put in a calendar (not scheduled, no time yet, or already live/ended).
export default defineEventHandler(async (event) => {
  const { id } = parseOr400(paramsSchema, getRouterParams(event))
  const { show } = await cachedShowDetail(id)
  if (!show) {
    throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `No such show: "${id}". Check the link, or ask the host for it.` })
  }
  if (show.status !== 'scheduled' || !show.scheduledAt) {
    const why = show.status === 'live'
      ? 'it is live now: watch it instead'
      : show.status === 'ended' ? 'it has ended' : 'it has no start time yet; check back when the host sets one'
    throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `"${show.title}" cannot be added to a calendar: ${why}.` })
  }
  // Behind a trusted reverse proxy, the address people use is the forwarded one.
  const trusted = proxyIsTrusted()
  const site = getRequestURL(event, { xForwardedHost: trusted, xForwardedProto: trusted })
  const body = showCalendar({ ...show, scheduledAt: show.scheduledAt }, { watchUrl: `${site.origin}/watch/${encodeURIComponent(show.id)}`, uidDomain: site.hostname })
  setResponseHeaders(event, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': `attachment; filename="${show.id}.ics"`,
    'Cache-Control': 'no-store',
  })
  return body
})
