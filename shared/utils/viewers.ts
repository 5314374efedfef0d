/**
 * Viewers of a room: everyone connected minus the publishers (the hosts). Both numbers are the
 * server's (hidden viewers included; LiveKit refreshes them about every 5 s), so the count is exact
 * at any audience size; never count a participant list, which hides viewers. Takes a livekit-client
 * Room, a server SDK Room or a cached status alike.
 */
export function viewersOf(room: { numParticipants: number, numPublishers: number }): number {
  return Math.max(0, room.numParticipants - room.numPublishers)
}
