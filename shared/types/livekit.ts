/** Who a token is for. Hosts publish; viewers only watch. */
export type ParticipantRole = 'host' | 'viewer'

/**
 * Query of GET /api/livekit/token: the one shape of "join this room as this person". The guide's
 * component props (roomName, viewerName/username) map onto it once, in the layout; the session,
 * useLiveKit, the store and the token call pass it on as it is, and the route's zod schema
 * (tokenQuerySchema in server/utils/validation.ts) is checked against it.
 */
export interface TokenRequest {
  /** The show's LiveKit room name. */
  room: string
  /** The name others see (LiveKit's participant `name`; the identity adds a random suffix). */
  username: string
  /** A host token (publish rights); needs a host session. */
  admin?: boolean
}

/** A show to join without saying the role: the sessions add it (viewer, or host for the studio). */
export type ShowJoin = Omit<TokenRequest, 'admin'>

/** Body of GET /api/livekit/token. */
export interface TokenResponse {
  token: string
  /** ws(s) URL of the LiveKit server, for `room.connect(url, token)`. */
  url: string
  room: string
  /** Unique per connection: two viewers with the same name never collide. */
  identity: string
  /** The display name as typed. */
  name: string
  role: ParticipantRole
  /** ISO 8601 time after which LiveKit refuses the token for a new connection. */
  expiresAt: string
}

/** One show in GET /api/livekit/rooms. */
export interface LiveShow {
  room: string
  viewers: number
  publishers: number
  isRecording: boolean
  startedAt: string | null
}

export interface LiveShowsResponse {
  shows: LiveShow[]
}

/** The JSON body of every error the server sends (h3 createError). */
export interface ApiError {
  statusCode: number
  statusMessage: string
  message: string
}

/** How a recording composes the room (LiveKit Egress RoomComposite layouts). */
export type RecordingMode = 'speaker' | 'grid' | 'single-speaker'

/** Body of POST /api/livekit/egress/start. */
export interface EgressStartRequest {
  roomName: string
  /** Layout of the composed recording; `speaker` when left out. */
  mode?: RecordingMode
  /** Record the room's audio only (an .ogg file instead of .mp4). */
  audioOnly?: boolean
}

/** Answer of POST /api/livekit/egress/start. */
export interface EgressStartResponse {
  egressId: string
  roomName: string
  /** LiveKit's EgressStatus name, e.g. `EGRESS_STARTING`, `EGRESS_ACTIVE`. */
  status: string
  /** ISO 8601; when LiveKit has not reported a start time yet, the time the request was accepted. */
  startedAt: string
  /** Where the file goes: `s3://bucket/key` or a path on the Egress worker. */
  location: string
}

/** Body of POST /api/livekit/egress/stop: one of the two is required. */
export interface EgressStopRequest {
  roomName?: string
  egressId?: string
}

/** Answer of POST /api/livekit/egress/stop. */
export interface EgressStopResponse {
  stopped: string[]
}

/** One published track, as the SFU reports it (host/ops view of GET /api/livekit/rooms/status). */
export interface PublishedTrack {
  sid: string
  name: string
  kind: 'audio' | 'video' | 'data' | 'unknown'
  source: 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio' | 'unknown'
  muted: boolean
  width?: number
  height?: number
}

/** One participant, only for host/ops sessions. */
export interface ParticipantDetails {
  identity: string
  name: string
  /** The role the token route gave (`host`/`viewer`), when the participant has one. */
  role: string | null
  /** ISO 8601. */
  joinedAt: string | null
  /** Hidden participants (viewers) are not announced to the room. */
  hidden: boolean
  tracks: PublishedTrack[]
  /**
   * Connection quality is measured by the clients, not reported by LiveKit's RoomService; it is
   * present only when a source that knows it fills it in.
   */
  connectionQuality?: 'excellent' | 'good' | 'poor' | 'lost' | 'unknown'
}

/** GET /api/livekit/rooms/status?room= — public fields for anyone. */
export interface RoomStatus {
  room: string
  /** The room exists and at least one participant publishes. */
  live: boolean
  /** numParticipants − numPublishers, as LiveKit counts them (refreshed about every 5 s). */
  viewers: number
  publishers: number
  isRecording: boolean
  /** ISO 8601 creation time of the LiveKit room; null when there is no room. */
  startedAt: string | null
  uptimeSeconds: number
  /** Only for host/ops sessions. */
  participants?: ParticipantDetails[]
}
