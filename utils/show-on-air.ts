// The studio tells the server its show is on air once its tracks are published: the show's record
// becomes live then (POST /api/shows/:id/live), not when the studio opened — a host who opens the
// studio early and closes it again has not started the show. End show ends the record at once,
// and Go live again after it schedules the show again first.

const retryable = { retry: 3, retryDelay: 1_000, retryStatusCodes: [408, 429, 500, 502, 503, 504] }

/**
 * Marks the show live (idempotent: a rejoin calls it again and the start time stays). Retried a
 * few times; if it still fails the show goes on anyway — viewers already get the host's tracks, and
 * LiveKit's track_published webhook (when configured) or the next rejoin brings the record along.
 */
export async function announceOnAir(showId: string): Promise<void> {
  try {
    await $fetch(`/api/shows/${encodeURIComponent(showId)}/live`, { method: 'POST', ...retryable })
  }
  catch (error) {
    console.warn('[studio] the show could not be marked live:', error instanceof Error ? error.message : error)
  }
}

/**
 * The host pressed End show: the record ends now (home page, shows list, viewers who open the page
 * after). Not left to LiveKit's room_finished: viewers still on the page keep the room open, and
 * without webhooks it never comes. If it fails the show has ended for its viewers anyway (no video
 * comes), and room_finished ends the record when the room closes. True when the record ended.
 */
export async function announceOffAir(showId: string): Promise<boolean> {
  try {
    await $fetch(`/api/shows/${encodeURIComponent(showId)}`, { method: 'PATCH', body: { status: 'ended' }, keepalive: true, ...retryable })
    return true
  }
  catch (error) {
    console.warn('[studio] the show could not be marked ended:', error instanceof Error ? error.message : error)
    return false
  }
}

/** Go live again after End show: the ended show is scheduled again, so its studio token and live call are accepted. Throws. */
export async function scheduleShowAgain(showId: string): Promise<void> {
  await $fetch(`/api/shows/${encodeURIComponent(showId)}`, { method: 'PATCH', body: { status: 'scheduled' }, ...retryable })
}
