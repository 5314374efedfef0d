// The studio tells the server its show is on air once its tracks are published: the show's record
// becomes live then (POST /api/shows/:id/live), not when the studio opened — a host who opens the
// studio early and closes it again has not started the show.

/**
 * Marks the show live (idempotent: a rejoin calls it again and the start time stays). Retried a
 * few times; if it still fails the show goes on anyway — viewers already get the host's tracks, and
 * LiveKit's track_published webhook (when configured) or the next rejoin brings the record along.
 */
export async function announceOnAir(showId: string): Promise<void> {
  try {
    await $fetch(`/api/shows/${encodeURIComponent(showId)}/live`, {
      method: 'POST',
      retry: 3,
      retryDelay: 1_000,
      retryStatusCodes: [408, 429, 500, 502, 503, 504],
    })
  }
  catch (error) {
    console.warn('[studio] the show could not be marked live:', error instanceof Error ? error.message : error)
  }
}
