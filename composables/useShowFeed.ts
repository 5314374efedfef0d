// The short-video feed over live shows: swipe up for the next show, down for the previous one, in
// the order of the live-shows list (GET /api/livekit/rooms). The list is fetched at swipe time, so
// it is never stale and costs nothing while nobody swipes.
import type { MaybeRefOrGetter } from 'vue'
import type { LiveShow, LiveShowsResponse } from '#shared/types/livekit'

/** The show `step` places away from `current` (wrapping around); null when there is no other. */
export function neighbourShow(shows: Pick<LiveShow, 'room'>[], current: string, step: 1 | -1): string | null {
  const others = shows.filter(show => show.room !== current)
  if (!others.length) return null
  const index = shows.findIndex(show => show.room === current)
  if (index === -1) return (step === 1 ? others[0] : others[others.length - 1])!.room
  const next = (index + step + shows.length) % shows.length
  return shows[next]!.room
}

export function useShowFeed(roomName: MaybeRefOrGetter<string>) {
  const busy = ref(false)
  const message = ref('')

  async function go(step: 1 | -1) {
    if (busy.value) return
    busy.value = true
    message.value = ''
    try {
      const { shows } = await $fetch<LiveShowsResponse>('/api/livekit/rooms')
      const target = neighbourShow(shows, toValue(roomName), step)
      if (target) await navigateTo(`/watch/${target}`)
      else message.value = 'No other show is live right now.'
    }
    catch {
      message.value = 'Could not load the live shows. Check your connection.'
    }
    finally {
      busy.value = false
    }
  }

  return { busy, message, next: () => go(1), previous: () => go(-1) }
}
