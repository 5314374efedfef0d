// The one way to listen to a Room: subscribe the handlers when the Room appears, move them when it
// is replaced (a reconnect by hand, a layout's new session), and unsubscribe when it goes or when
// the calling scope ends. Subscription is synchronous (flush: 'sync'): a Room that is set and
// cleared within one tick (the store's connect/disconnect) never misses or leaks a handler.
//
// Keys are livekit-client's RoomEvent values, typed by its RoomEventCallbacks:
//   useRoomEvents(room, { roomMetadataChanged: metadata => …, dataReceived: (payload, from, kind, topic) => … })
// (`'roomMetadataChanged'` is `RoomEvent.RoomMetadataChanged`). Writing them as strings keeps
// livekit-client a type-only import here, so it stays in its lazy chunk (utils/livekit-client.ts).
import type { Room, RoomEventCallbacks } from 'livekit-client'
import type { MaybeRefOrGetter } from 'vue'

export type RoomEventName = keyof RoomEventCallbacks
export type RoomEventHandlers = { [E in RoomEventName]?: RoomEventCallbacks[E] }

export interface RoomEventsOptions {
  /** Called with the new Room (or null) each time it changes, after the handlers moved, and once at the start: to read what is already there. */
  onRoom?: (room: Room | null) => void
}

/** The same handler for several events (e.g. "recount after any of these"). */
export function onEvents(events: readonly RoomEventName[], handler: () => void): RoomEventHandlers {
  return Object.fromEntries(events.map(event => [event, handler])) as RoomEventHandlers
}

export function useRoomEvents(room: MaybeRefOrGetter<Room | null | undefined>, handlers: RoomEventHandlers, options: RoomEventsOptions = {}) {
  const entries = Object.entries(handlers) as Array<[RoomEventName, (...args: unknown[]) => void]>
  let bound: Room | null = null

  function unbind() {
    for (const [event, handler] of entries) bound?.off(event, handler)
    bound = null
  }

  watch(() => toValue(room) ?? null, (current) => {
    unbind()
    if (current) {
      for (const [event, handler] of entries) current.on(event, handler)
      bound = current
    }
    options.onRoom?.(current)
  }, { immediate: true, flush: 'sync' })

  tryOnScopeDispose(unbind)
}
