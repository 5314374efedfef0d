// Analytics types shared by the server (webhook store, /api/analytics/*) and the /analytics page.

/** The LiveKit webhook events the app stores. */
export const STORED_WEBHOOK_EVENTS = [
  'room_started', 'room_finished',
  'participant_joined', 'participant_left',
  'track_published', 'track_unpublished',
  'egress_started', 'egress_updated', 'egress_ended',
] as const
export type StoredWebhookEvent = typeof STORED_WEBHOOK_EVENTS[number]

/** Answer of POST /api/livekit/webhook (LiveKit only looks at the status). */
export interface WebhookAck {
  id: string
  event: string
  /** false for a duplicate delivery (already stored) or an event kind the app does not keep. */
  stored: boolean
}

/** One row of the live rooms table. */
export interface LiveRoomSummary {
  room: string
  /** LiveKit's room sid: the show id for /analytics/<sid>. */
  sid: string
  viewers: number
  publishers: number
  isRecording: boolean
  startedAt: string | null
  uptimeSeconds: number
  /** Peak concurrent viewers of this show so far, from stored join/leave events. */
  peakViewers: number
  joins: number
  leaves: number
}

export interface LiveRoomsResponse {
  rooms: LiveRoomSummary[]
  /** ISO time the answer was made (the page shows "updated …"). */
  at: string
}

/** One show (one LiveKit room session, from room_started to room_finished). */
export interface ShowSummary {
  sid: string
  room: string
  startedAt: string
  /** null while the show is live (no room_finished stored yet). */
  endedAt: string | null
  peakViewers: number
  uniqueViewers: number
  recordings: number
}

export interface ShowsResponse {
  shows: ShowSummary[]
  from: string
  to: string
}

export type RecordingStatus = 'starting' | 'active' | 'ending' | 'complete' | 'failed' | 'aborted' | 'limit_reached' | 'unknown'

export interface RecordingSummary {
  egressId: string
  status: RecordingStatus
  startedAt: string | null
  endedAt: string | null
  /** Where the file went (LiveKit's fileResults/segmentResults location or filename). */
  location: string | null
  durationSeconds: number | null
  sizeBytes: number | null
  error: string | null
}

export interface ShowHistory extends ShowSummary {
  /** Concurrent viewers as a step function: [unix ms, viewers after that instant]. */
  timeline: Array<[number, number]>
  peakAt: string | null
  joins: number
  leaves: number
  /** Mean seconds per viewer session (open sessions count up to the show's end or now). */
  averageWatchSeconds: number
  /** Watch-time distribution of viewer sessions. */
  watchTime: WatchTimeBucket[]
  recordingList: RecordingSummary[]
  health: StreamHealth
}

/** What the stored webhooks tell about the broadcast itself. */
export interface StreamHealth {
  /** Times a publisher (host) joined: 1 = connected once; more = dropped out or reloaded. */
  publisherSessions: number
  /** Share of the broadcast (first video to last publisher leaving) with video published; null = no video. */
  videoOnAirPct: number | null
  /** Stretches without any published video inside the broadcast. */
  videoGaps: Array<{ from: string, to: string, seconds: number }>
}

export interface WatchTimeBucket {
  /** e.g. "1–5 min" */
  label: string
  /** Inclusive lower bound, seconds. */
  fromSeconds: number
  /** Exclusive upper bound, seconds (null = open). */
  toSeconds: number | null
  sessions: number
}
