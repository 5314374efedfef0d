// Turns whatever went wrong (a DOMException from getUserMedia, a $fetch error from our routes, a
// livekit-client ConnectionError, a disconnect reason) into something a person can act on.
// Pure and import-free so the error boundary never has to load livekit-client to explain a failure.

export type FriendlyErrorKind
  = | 'permission-denied'
    | 'device-in-use'
    | 'no-device'
    | 'livekit-unreachable'
    | 'token-refused'
    | 'sign-in-required'
    | 'room-full'
    | 'show-ended'
    | 'no-such-show'
    | 'removed'
    | 'network-lost'
    | 'not-configured'
    | 'rate-limited'
    | 'unknown'

/** What the user can do about it; the boundary renders one button or link per action. */
export type FriendlyAction = 'retry' | 'reconnect' | 'home' | 'sign-in'

export interface FriendlyError {
  kind: FriendlyErrorKind
  title: string
  message: string
  actions: FriendlyAction[]
}

const TEXT: Record<FriendlyErrorKind, Omit<FriendlyError, 'kind'>> = {
  'permission-denied': {
    title: 'Camera or microphone blocked',
    message: 'Your browser blocked access to the camera or microphone. Allow it for this site (the camera icon in the address bar), then press Retry.',
    actions: ['retry', 'home'],
  },
  'device-in-use': {
    title: 'Camera or microphone busy',
    message: 'Another app or tab is using your camera or microphone. Close it, then press Retry.',
    actions: ['retry', 'home'],
  },
  'no-device': {
    title: 'No camera or microphone found',
    message: 'We could not find a camera or microphone. Plug one in or pick another device, then press Retry.',
    actions: ['retry', 'home'],
  },
  'livekit-unreachable': {
    title: 'Live video service unreachable',
    message: 'We cannot reach the live video service right now. Check your connection; if it is fine, the service may be restarting — press Retry in a moment.',
    actions: ['retry', 'home'],
  },
  'token-refused': {
    title: 'Access refused',
    message: 'The live video service refused this pass to the show. Press Retry to get a fresh one.',
    actions: ['retry', 'home'],
  },
  'sign-in-required': {
    title: 'Please sign in again',
    message: 'Your host session has ended. Sign in again, then press Retry.',
    actions: ['sign-in', 'retry', 'home'],
  },
  'room-full': {
    title: 'This show is full',
    message: 'This show has reached its audience limit. Try again in a few minutes.',
    actions: ['retry', 'home'],
  },
  'show-ended': {
    title: 'The show has ended',
    message: 'This show is over. Find another live show on the home page.',
    actions: ['home', 'retry'],
  },
  'no-such-show': {
    title: 'No such show',
    message: 'There is no show at this address. Check the link, or find a show on the home page.',
    actions: ['home'],
  },
  'removed': {
    title: 'You left the show',
    message: 'You were disconnected from this show, perhaps because it was opened in another tab. Press Reconnect to join again.',
    actions: ['reconnect', 'home'],
  },
  'network-lost': {
    title: 'Connection lost',
    message: 'The connection to the show was lost. Check your network, then press Reconnect.',
    actions: ['reconnect', 'home'],
  },
  'not-configured': {
    title: 'Live video is not set up',
    message: 'This site has no live video service configured yet. Please tell the site owner.',
    actions: ['retry', 'home'],
  },
  'rate-limited': {
    title: 'Too many attempts',
    message: 'Too many attempts in a short time. Wait a minute, then press Retry.',
    actions: ['retry', 'home'],
  },
  'unknown': {
    title: 'Something went wrong',
    message: 'Something went wrong with the live video. Press Retry; if it keeps happening, reload the page.',
    actions: ['retry', 'home'],
  },
}

export function friendlyError(kind: FriendlyErrorKind, message?: string): FriendlyError {
  const text = TEXT[kind]
  return { kind, ...text, message: message ?? text.message }
}

interface ErrorLike {
  name?: string
  message?: string
  statusCode?: number
  status?: number
  reasonName?: string
  data?: { message?: string, statusCode?: number }
  response?: unknown
}

/**
 * An error from one of our routes ($fetch's FetchError with the JSON body in data): its HTTP status
 * (undefined when the request never got an answer); null for any other error.
 */
function routeStatus(e: ErrorLike): number | undefined | null {
  const status = e.statusCode ?? e.data?.statusCode
  return e.name === 'FetchError' || (status && e.data) ? status : null
}

/** Disconnect reasons (livekit protocol DisconnectReason names) that end a viewer's session. */
export function friendlyDisconnect(reasonName: string | undefined): FriendlyError | null {
  switch (reasonName) {
    case 'ROOM_DELETED':
    case 'ROOM_CLOSED':
      return friendlyError('show-ended')
    case 'DUPLICATE_IDENTITY':
    case 'PARTICIPANT_REMOVED':
      return friendlyError('removed')
    case 'JOIN_FAILURE':
    case 'SIGNAL_CLOSE':
    case 'STATE_MISMATCH':
    case 'SERVER_SHUTDOWN':
    case 'CONNECTION_TIMEOUT':
    case 'MEDIA_FAILURE':
    case 'UNKNOWN_REASON':
      return friendlyError('network-lost')
    default:
      return null // CLIENT_INITIATED and anything we caused ourselves
  }
}

export function isFriendlyError(value: unknown): value is FriendlyError {
  return !!value && typeof value === 'object' && 'kind' in value && 'actions' in value && 'title' in value
}

/** Maps any thrown value to a FriendlyError. Never exposes a stack or an internal message. */
export function toFriendlyError(error: unknown): FriendlyError {
  if (isFriendlyError(error)) return error
  const e = (error ?? {}) as ErrorLike

  // getUserMedia / getDisplayMedia (DOMException names, plus Chrome's legacy ones).
  switch (e.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return friendlyError('permission-denied')
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return friendlyError('device-in-use')
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return friendlyError('no-device')
  }

  // Our own routes ($fetch → FetchError with the JSON body in data).
  const httpStatus = routeStatus(e)
  if (httpStatus !== null) {
    const serverMessage = e.data?.message
    if (!httpStatus) return friendlyError('network-lost', 'We could not reach this site. Check your network, then press Retry.')
    if (httpStatus === 401) return friendlyError('sign-in-required', serverMessage ? `${serverMessage} Then press Retry.` : undefined)
    if (httpStatus === 403) return friendlyError('token-refused', serverMessage)
    if (httpStatus === 404) return friendlyError('no-such-show', serverMessage)
    if (httpStatus === 410) return friendlyError('show-ended', serverMessage)
    if (httpStatus === 429) return friendlyError('rate-limited', serverMessage)
    if (httpStatus === 503) return friendlyError('not-configured', serverMessage)
    if (httpStatus === 502 || httpStatus === 504) return friendlyError('livekit-unreachable')
    return friendlyError('unknown', serverMessage)
  }

  // livekit-client ConnectionError (reason names from ConnectionErrorReason).
  if (e.name === 'ConnectionError' || e.reasonName) {
    const text = `${e.message ?? ''}`.toLowerCase()
    if (text.includes('full') || text.includes('limit')) return friendlyError('room-full')
    switch (e.reasonName) {
      case 'NotAllowed':
        return e.status === 401 || e.status === 403 || !e.status ? friendlyError('token-refused') : friendlyError('unknown')
      case 'ServerUnreachable':
      case 'WebSocket':
      case 'Timeout':
      case 'InternalError':
      case 'ServiceNotFound':
        return friendlyError('livekit-unreachable')
      case 'LeaveRequest':
        return friendlyError('show-ended')
      case 'Cancelled':
        return friendlyError('network-lost')
    }
    return friendlyError('livekit-unreachable')
  }

  if (e.name === 'TypeError' && /fetch|network/i.test(e.message ?? '')) return friendlyError('network-lost')
  return friendlyError('unknown')
}

/** A connect that a disconnect overtook: its caller has gone, and nothing is reported. */
export class ConnectSuperseded extends Error {
  constructor() {
    super('This connection was replaced before it completed.')
    this.name = 'ConnectSuperseded'
  }
}

/**
 * Whether a failed join was refused because the show is over or gone (the token route's 410 or
 * 404): joining again cannot help, so a rejoin loop stops and the error card says why, instead of
 * asking the token route every few seconds for as long as the page stays open. LiveKit's own
 * refusals are not counted: during a node failover they can pass.
 */
export function isShowOverError(error: unknown): boolean {
  const status = routeStatus((error ?? {}) as ErrorLike)
  return status === 410 || status === 404
}
