// The show's live state (spotlight, flash sale, pinned message, chat settings) from the Room's
// metadata: read on connect and on every RoomMetadataChanged, versions older than the one held are
// dropped (a late or reordered update never rolls the screen back). Also the server's clock, so a
// flash sale counts down to the right second on a device whose clock is off.
import type { Room } from 'livekit-client'
import type { MaybeRefOrGetter } from 'vue'
import { EMPTY_LIVE_STATE, type LiveState } from '#shared/types/live-state'

/** Milliseconds to add to Date.now() to get the server's clock; one measurement per page. */
const clockOffset = ref(0)
let measuring: Promise<void> | null = null

function measureServerClock(): Promise<void> {
  measuring ??= (async () => {
    try {
      const sent = Date.now()
      const { now } = await $fetch<{ now: number }>('/api/shop/clock')
      const received = Date.now()
      // The server read its clock about halfway through the round trip.
      clockOffset.value = now + (received - sent) / 2 - received
    }
    catch {
      measuring = null // try again next time; until then the device clock stands in
    }
  })()
  return measuring
}

/** Date.now() on the server's clock. */
export function serverNow(): number {
  return Date.now() + clockOffset.value
}

export function useShowLiveState(room: MaybeRefOrGetter<Room | null>) {
  const state = shallowRef<LiveState>(structuredClone(EMPTY_LIVE_STATE))

  function accept(metadata: string | undefined) {
    const next = parseLiveState(metadata)
    if (next && next.version >= state.value.version) state.value = next
  }

  if (import.meta.client) void measureServerClock()
  const readRoom = () => accept(toValue(room)?.metadata)
  useRoomEvents(room, {
    roomMetadataChanged: metadata => accept(metadata),
    connected: readRoom,
    reconnected: readRoom,
  }, {
    // Another Room may be another show (the phone feed swipes): its versions start again.
    onRoom: (current) => {
      state.value = structuredClone(EMPTY_LIVE_STATE)
      accept(current?.metadata)
    },
  })

  return {
    state: computed(() => state.value),
    spotlight: computed(() => state.value.spotlight),
    flashSale: computed(() => state.value.flashSale),
    pinned: computed(() => state.value.pinned),
    chat: computed(() => state.value.chat),
    /** Server clock minus device clock, in ms. */
    clockOffset: readonly(clockOffset),
    serverNow,
  }
}

/** The server's clock as a ref, ticking every `intervalMs` (for countdowns). */
export function useServerNow(intervalMs = 1000) {
  const now = ref(serverNow())
  if (import.meta.client) {
    useIntervalFn(() => {
      now.value = serverNow()
    }, intervalMs)
  }
  return now
}
