// Turns a verified LiveKit WebhookEvent into the flat rows the analytics store keeps. Pure: no I/O.
import { createHash } from 'node:crypto'
import { EgressStatus, type EgressInfo, type WebhookEvent } from 'livekit-server-sdk'
import { STORED_WEBHOOK_EVENTS, type RecordingStatus, type StoredWebhookEvent } from '#shared/types/analytics'

export interface EventRow {
  id: string
  kind: StoredWebhookEvent
  roomName: string
  roomSid: string
  identity: string | null
  /** Join/leave of: 1 = a viewer, 0 = a host (may publish), 2 = egress/ingress/agent; null = not a participant event. */
  isViewer: 0 | 1 | 2 | null
  egressId: string | null
  /** When it happened (unix ms): see eventTime(). */
  at: number
  receivedAt: number
  /** The body exactly as LiveKit signed it. */
  payload: string
}

export interface ShowRow {
  sid: string
  roomName: string
  startedAt: number
  endedAt: number | null
}

export interface RecordingRow {
  egressId: string
  roomSid: string
  roomName: string
  status: RecordingStatus
  startedAt: number | null
  endedAt: number | null
  /** EgressInfo.updatedAt (ms): the newest report wins when deliveries arrive out of order. */
  updatedAt: number
  location: string | null
  durationSeconds: number | null
  sizeBytes: number | null
  error: string | null
}

export interface NormalizedEvent {
  event: EventRow
  show: ShowRow | null
  recording: RecordingRow | null
}

const STORED = new Set<string>(STORED_WEBHOOK_EVENTS)
// ParticipantInfo.Kind STANDARD (web/mobile/node clients); egress, ingress, SIP and agents are not audience.
const KIND_STANDARD = 0

const STATUS: Record<number, RecordingStatus> = {
  [EgressStatus.EGRESS_STARTING]: 'starting',
  [EgressStatus.EGRESS_ACTIVE]: 'active',
  [EgressStatus.EGRESS_ENDING]: 'ending',
  [EgressStatus.EGRESS_COMPLETE]: 'complete',
  [EgressStatus.EGRESS_FAILED]: 'failed',
  [EgressStatus.EGRESS_ABORTED]: 'aborted',
  [EgressStatus.EGRESS_LIMIT_REACHED]: 'limit_reached',
}

// Protobuf int64 fields arrive as bigint; converted with Number() (no bigint literals: the
// server bundle's esbuild target predates them).
const nsToMs = (ns: bigint) => (ns > 0 ? Math.floor(Number(ns) / 1e6) : null)

/**
 * LiveKit stamps events in whole seconds (createdAt). A join carries the participant's own
 * millisecond join time; for the rest the arrival time refines the second when it falls inside it
 * (a prompt delivery), and the second's start is used otherwise (a retry minutes later).
 */
export function eventTime(webhook: WebhookEvent, receivedAt: number): number {
  const joinedAtMs = Number(webhook.participant?.joinedAtMs ?? 0)
  if (webhook.event === 'participant_joined' && joinedAtMs > 0) return joinedAtMs
  const second = Number(webhook.createdAt) * 1000
  if (second <= 0) return receivedAt
  return receivedAt >= second && receivedAt < second + 1000 ? receivedAt : second
}

/** Viewer = a standard participant that is neither a host (token attribute) nor allowed to publish. */
export function isViewerParticipant(participant: NonNullable<WebhookEvent['participant']>): boolean {
  if (participant.kind !== KIND_STANDARD) return false
  if (participant.attributes?.role === 'host') return false
  return !participant.permission?.canPublish
}

function recordingFrom(info: EgressInfo, at: number): RecordingRow {
  const file = info.fileResults[0]
  const segments = info.segmentResults[0]
  const location = file?.location || file?.filename || segments?.playlistLocation || segments?.playlistName || null
  const durationNs = Number(file?.duration ?? segments?.duration ?? 0)
  const size = Number(file?.size ?? segments?.size ?? 0)
  return {
    egressId: info.egressId,
    roomSid: info.roomId,
    roomName: info.roomName,
    status: STATUS[info.status] ?? 'unknown',
    startedAt: nsToMs(info.startedAt),
    endedAt: nsToMs(info.endedAt),
    updatedAt: nsToMs(info.updatedAt) ?? at,
    location,
    durationSeconds: durationNs > 0 ? durationNs / 1e9 : null,
    sizeBytes: size > 0 ? size : null,
    error: info.error || null,
  }
}

/** The rows for one verified event, or null for an event kind the app does not keep. */
export function normalizeWebhook(webhook: WebhookEvent, rawBody: string, receivedAt: number): NormalizedEvent | null {
  if (!STORED.has(webhook.event)) return null
  const kind = webhook.event as StoredWebhookEvent
  const at = eventTime(webhook, receivedAt)
  const egress = webhook.egressInfo
  const roomSid = webhook.room?.sid || egress?.roomId || ''
  const roomName = webhook.room?.name || egress?.roomName || ''
  const participant = webhook.participant
  const isParticipantEvent = kind === 'participant_joined' || kind === 'participant_left'
  // LiveKit retries with the same id; a body without one is keyed by its own hash.
  const id = webhook.id || `sha256:${createHash('sha256').update(rawBody).digest('hex')}`

  let show: ShowRow | null = null
  if (roomSid) {
    const created = Number(webhook.room?.creationTimeMs ?? 0) || Number(webhook.room?.creationTime ?? 0) * 1000
    show = {
      sid: roomSid,
      roomName,
      startedAt: created > 0 ? Math.min(created, at) : at,
      endedAt: kind === 'room_finished' ? at : null,
    }
  }

  return {
    event: {
      id,
      kind,
      roomName,
      roomSid,
      identity: participant?.identity || null,
      isViewer: isParticipantEvent && participant
        ? (participant.kind !== KIND_STANDARD ? 2 : isViewerParticipant(participant) ? 1 : 0)
        : null,
      egressId: egress?.egressId || null,
      at,
      receivedAt,
      payload: rawBody,
    },
    show,
    recording: egress?.egressId ? recordingFrom(egress, at) : null,
  }
}
