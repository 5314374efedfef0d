/** Who a token is for. Hosts publish; viewers only watch. */
export type ParticipantRole = 'host' | 'viewer'

/** Query of GET /api/livekit/token. */
export interface TokenRequest {
  room: string
  username: string
  admin?: boolean
}

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
