// What the recording routes send to LiveKit Egress, built from validated input and configuration.
// Pure functions (explicit imports, no Nitro globals) so unit tests cover them directly.
import { z } from 'zod'
import { createError } from 'h3'
import { EgressStatus, EncodedFileOutput, EncodedFileType, S3Upload, TwirpError, type EgressInfo } from 'livekit-server-sdk'
import type { EgressStartResponse, RecordingMode } from '#shared/types/livekit'
import { roomNameSchema } from './validation'
import type { StorageConfig } from './config'

export const recordingModes = ['speaker', 'grid', 'single-speaker'] as const satisfies readonly RecordingMode[]

// .strict(): a misspelt field ("audio_only") is a 400 that names it, not a silently ignored option.
export const egressStartSchema = z.object({
  roomName: roomNameSchema,
  mode: z.enum(recordingModes, { error: `must be one of ${recordingModes.join(', ')}` }).optional().default('speaker'),
  audioOnly: z.boolean({ error: 'must be true or false' }).optional().default(false),
}).strict()

const egressIdSchema = z.string({ error: 'must be a string' }).regex(/^EG_\w{1,64}$/, 'must be a LiveKit egress id such as EG_abc123')

export const egressStopSchema = z.object({
  roomName: roomNameSchema.optional(),
  egressId: egressIdSchema.optional(),
}).strict().refine(body => body.roomName !== undefined || body.egressId !== undefined, {
  message: 'Give roomName (stops every recording of that room) or egressId (stops that one).',
})

/** RoomComposite layouts are LiveKit's built-in templates of the same names. */
export const egressLayoutFor = (mode: RecordingMode): string => mode

/** `2026-11-25T12:03:04.567Z` → `20261125-120304Z`: sortable and safe in every file system. */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-')
}

/** File names carry the room and the start time, e.g. `recordings/spring-sale-20261125-120304Z.mp4`. */
export function recordingPath(roomName: string, at: Date, audioOnly: boolean): string {
  return `recordings/${roomName}-${fileStamp(at)}.${audioOnly ? 'ogg' : 'mp4'}`
}

export type StorageTarget = { kind: 's3', upload: S3Upload } | { kind: 'file' }

/**
 * S3-compatible storage when bucket and both keys are set; a file on the Egress worker when none
 * is. Half a configuration is refused: recording to the worker's disk instead of the bucket the
 * operator meant would lose the file when the worker is replaced.
 */
export function storageTarget(storage: StorageConfig): StorageTarget {
  const required = { CLOUD_STORAGE_BUCKET: storage.bucket, CLOUD_STORAGE_ACCESS_KEY: storage.accessKey, CLOUD_STORAGE_SECRET_KEY: storage.secretKey }
  const missing = Object.entries(required).filter(([, value]) => !value).map(([name]) => name)
  if (missing.length === 3) return { kind: 'file' }
  if (missing.length) {
    throw createError({
      statusCode: 503,
      statusMessage: 'Recording storage misconfigured',
      message: `Cloud storage is only partly configured: set ${missing.join(' and ')} as well (or unset all CLOUD_STORAGE_* to record to the Egress worker's disk).`,
    })
  }
  return {
    kind: 's3',
    upload: new S3Upload({
      bucket: storage.bucket,
      accessKey: storage.accessKey,
      secret: storage.secretKey,
      region: storage.region,
      endpoint: storage.endpoint,
      // S3-compatible services at a custom endpoint (MinIO, R2, …) usually need path-style URLs.
      forcePathStyle: Boolean(storage.endpoint),
    }),
  }
}

export function egressFileOutput(roomName: string, at: Date, audioOnly: boolean, target: StorageTarget): { output: EncodedFileOutput, location: string } {
  const filepath = recordingPath(roomName, at, audioOnly)
  const output = new EncodedFileOutput({
    fileType: audioOnly ? EncodedFileType.OGG : EncodedFileType.MP4,
    filepath,
    output: target.kind === 's3' ? { case: 's3', value: target.upload } : { case: undefined },
  })
  const location = target.kind === 's3' ? `s3://${target.upload.bucket}/${filepath}` : filepath
  return { output, location }
}

/** EgressInfo times are Unix nanoseconds (bigint); 0 means "not yet". */
export function nanosToIso(value: bigint | undefined): string | null {
  // Number() first: bigint literals are not available in the server build target.
  return value ? new Date(Math.floor(Number(value) / 1_000_000)).toISOString() : null
}

export function egressStartResponse(info: EgressInfo, location: string, requestedAt: Date): EgressStartResponse {
  return {
    egressId: info.egressId,
    roomName: info.roomName,
    status: EgressStatus[info.status] ?? String(info.status),
    startedAt: nanosToIso(info.startedAt) ?? requestedAt.toISOString(),
    location,
  }
}

const ACTIVE = new Set([EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE])
export const isActiveEgress = (info: EgressInfo) => ACTIVE.has(info.status)

/**
 * When two app instances start a recording for the same room at the same moment, both see none
 * active and both start one. Each then lists the room's active egresses and keeps only the one
 * every instance agrees on (the smallest egress id); the other stops its own and answers 409.
 */
export function raceWinner(active: EgressInfo[]): EgressInfo | undefined {
  return [...active].sort((a, b) => (a.egressId < b.egressId ? -1 : a.egressId > b.egressId ? 1 : 0))[0]
}

export const NO_WORKER_HINT = 'Recording needs a LiveKit Egress worker connected to the same Redis as the LiveKit server (see README, "Recording").'

/** LiveKit's answers that mean "no Egress worker can take this". */
export function isNoWorker(error: unknown): boolean {
  if (error instanceof TwirpError) {
    return error.code === 'unavailable' || /egress not connected|no response from servers/i.test(error.message)
  }
  return false
}

/**
 * Turns an Egress API failure into an error a host can act on. `notFound` is the message for
 * LiveKit's not_found; everything unexpected is a 502 naming LiveKit's own words, never a 500.
 */
export function egressFailure(error: unknown, notFound: string): never {
  if (isNoWorker(error)) {
    throw createError({
      statusCode: 503,
      statusMessage: 'No Egress worker',
      message: `No LiveKit Egress worker is connected, so recording is not available (LiveKit said: ${(error as TwirpError).message}). ${NO_WORKER_HINT}`,
    })
  }
  if (error instanceof TwirpError) {
    if (error.status === 404 || error.code === 'not_found') {
      throw createError({ statusCode: 404, statusMessage: 'Not Found', message: notFound })
    }
    throw createError({ statusCode: 502, statusMessage: 'Egress error', message: `LiveKit Egress refused the request: ${error.message}` })
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    throw createError({
      statusCode: 503,
      statusMessage: 'No Egress worker',
      message: `No LiveKit Egress worker answered in time (a slow worker may still act: watch the REC indicator before trying again). ${NO_WORKER_HINT}`,
    })
  }
  const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
  throw createError({
    statusCode: 503,
    statusMessage: 'Egress unavailable',
    message: `The LiveKit Egress API did not answer (${detail}). Check LIVEKIT_EGRESS_URL (or LIVEKIT_URL when it is unset).`,
  })
}
