// useRoomEvents on real livekit-client Rooms (not connected: a Room is an event emitter from the
// start, and these are the events it emits to its listeners).
import { describe, expect, it } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { Room, RoomEvent } from 'livekit-client'
import { onEvents, useRoomEvents } from '~/composables/useRoomEvents'

/** Emits as livekit-client does; the arguments do not matter to these handlers. */
function fire(room: Room, event: RoomEvent) {
  (room.emit as (name: string, ...args: unknown[]) => boolean)(event)
}

describe('useRoomEvents', () => {
  it('listens to the Room while it is there, moves to a new one, and lets go when the scope ends', () => {
    const first = new Room()
    const second = new Room()
    const room = shallowRef<Room | null>(null)
    const metadata: string[] = []
    const seen: Array<Room | null> = []
    const scope = effectScope()
    scope.run(() => useRoomEvents(room, { [RoomEvent.RoomMetadataChanged]: value => metadata.push(value) }, { onRoom: current => seen.push(current) }))

    expect(seen).toEqual([null])
    room.value = first
    first.emit(RoomEvent.RoomMetadataChanged, 'a')
    room.value = second
    first.emit(RoomEvent.RoomMetadataChanged, 'not heard: no longer the page\'s Room')
    second.emit(RoomEvent.RoomMetadataChanged, 'b')
    expect(metadata).toEqual(['a', 'b'])
    expect(seen).toEqual([null, first, second])
    expect(first.listenerCount(RoomEvent.RoomMetadataChanged)).toBe(0)

    scope.stop()
    second.emit(RoomEvent.RoomMetadataChanged, 'not heard: scope ended')
    expect(metadata).toEqual(['a', 'b'])
    expect(second.listenerCount(RoomEvent.RoomMetadataChanged)).toBe(0)
  })

  it('onEvents gives several events one handler, and a Room cleared at once is let go at once', () => {
    const current = new Room()
    const room = shallowRef<Room | null>(current)
    let calls = 0
    const scope = effectScope()
    scope.run(() => useRoomEvents(room, onEvents([RoomEvent.ParticipantConnected, RoomEvent.TrackPublished], () => calls++)))
    fire(current, RoomEvent.ParticipantConnected)
    fire(current, RoomEvent.TrackPublished)
    room.value = null // synchronous: an event emitted right after is not heard
    fire(current, RoomEvent.TrackPublished)
    expect(calls).toBe(2)
    scope.stop()
  })
})
