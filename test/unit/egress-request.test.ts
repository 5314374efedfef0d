import { describe, expect, it } from 'vitest'
import { EgressInfo, EgressStatus, EncodedFileType, TwirpError } from 'livekit-server-sdk'
import {
  egressFailure, egressFileOutput, egressStartResponse, egressStartSchema, egressStopSchema,
  fileStamp, isActiveEgress, isNoWorker, raceWinner, recordingPath, storageTarget,
} from '../../server/utils/egress-request'

const noStorage = { bucket: '', accessKey: '', secretKey: '', region: '', endpoint: '' }
const at = new Date('2026-11-25T12:03:04.567Z')

function thrown(run: () => unknown): { statusCode?: number, message?: string } {
  try {
    run()
  }
  catch (error) {
    return error as { statusCode?: number, message?: string }
  }
  throw new Error('did not throw')
}

describe('egress request bodies', () => {
  it('defaults to the speaker layout with audio and video', () => {
    expect(egressStartSchema.parse({ roomName: 'show' })).toEqual({ roomName: 'show', mode: 'speaker', audioOnly: false })
  })

  it.each([
    [{ roomName: 'show', mode: 'pip' }, 'mode: must be one of speaker, grid, single-speaker'],
    [{ roomName: 'show', audioOnly: 'yes' }, 'audioOnly: must be true or false'],
    [{ roomName: 'a b' }, 'roomName: may only contain letters, digits, "-" and "_"'],
    [{}, 'roomName: is required'],
  ])('refuses %j with a message that names the field', (body, message) => {
    const result = egressStartSchema.safeParse(body)
    expect(result.success).toBe(false)
    expect(result.error!.issues.map(i => `${i.path.join('.')}: ${i.message}`)).toContain(message)
  })

  it('refuses unknown fields instead of ignoring a misspelt option', () => {
    expect(egressStartSchema.safeParse({ roomName: 'show', audio_only: true }).success).toBe(false)
  })

  it('needs roomName or egressId to stop', () => {
    expect(egressStopSchema.safeParse({}).success).toBe(false)
    expect(egressStopSchema.parse({ roomName: 'show' })).toEqual({ roomName: 'show' })
    expect(egressStopSchema.parse({ egressId: 'EG_abc123' })).toEqual({ egressId: 'EG_abc123' })
    expect(egressStopSchema.safeParse({ egressId: 'abc' }).success).toBe(false)
  })
})

describe('recording files', () => {
  it('names files after the room and the start time (UTC, sortable)', () => {
    expect(fileStamp(at)).toBe('20261125-120304Z')
    expect(recordingPath('spring-sale', at, false)).toBe('recordings/spring-sale-20261125-120304Z.mp4')
    expect(recordingPath('spring-sale', at, true)).toBe('recordings/spring-sale-20261125-120304Z.ogg')
  })

  it('writes a file on the Egress worker when no cloud storage is configured', () => {
    const { output, location } = egressFileOutput('show', at, false, storageTarget(noStorage))
    expect(output.fileType).toBe(EncodedFileType.MP4)
    expect(output.output.case).toBeUndefined()
    expect(location).toBe('recordings/show-20261125-120304Z.mp4')
  })

  it('uploads to S3-compatible storage when bucket and keys are set', () => {
    const target = storageTarget({ bucket: 'b', accessKey: 'k', secretKey: 's', region: 'eu-west-1', endpoint: '' })
    const { output, location } = egressFileOutput('show', at, true, target)
    expect(output.fileType).toBe(EncodedFileType.OGG)
    expect(output.output.case).toBe('s3')
    expect(output.output.value).toMatchObject({ bucket: 'b', accessKey: 'k', secret: 's', region: 'eu-west-1', forcePathStyle: false })
    expect(location).toBe('s3://b/recordings/show-20261125-120304Z.ogg')
  })

  it('refuses half a storage configuration with a 503 that names what is missing', () => {
    const error = thrown(() => storageTarget({ ...noStorage, bucket: 'b' }))
    expect(error.statusCode).toBe(503)
    expect(error.message).toMatch(/set CLOUD_STORAGE_ACCESS_KEY and CLOUD_STORAGE_SECRET_KEY/)
  })
})

describe('egress answers', () => {
  const info = (egressId: string, status = EgressStatus.EGRESS_STARTING) => new EgressInfo({ egressId, roomName: 'show', status })

  it('reports LiveKit start times in ISO, or the request time while starting', () => {
    expect(egressStartResponse(info('EG_a'), 'x.mp4', at).startedAt).toBe(at.toISOString())
    const started = new EgressInfo({ egressId: 'EG_a', roomName: 'show', status: EgressStatus.EGRESS_ACTIVE, startedAt: 1_795_000_000_123_000_000n })
    expect(egressStartResponse(started, 'x.mp4', at)).toEqual({
      egressId: 'EG_a', roomName: 'show', status: 'EGRESS_ACTIVE', startedAt: new Date(1_795_000_000_123).toISOString(), location: 'x.mp4',
    })
  })

  it('treats starting and active egresses as active, ended ones not', () => {
    expect(isActiveEgress(info('EG_a'))).toBe(true)
    expect(isActiveEgress(info('EG_a', EgressStatus.EGRESS_ACTIVE))).toBe(true)
    expect(isActiveEgress(info('EG_a', EgressStatus.EGRESS_COMPLETE))).toBe(false)
    expect(isActiveEgress(info('EG_a', EgressStatus.EGRESS_ENDING))).toBe(false)
  })

  it('settles a race on the same winner whatever order each instance sees', () => {
    expect(raceWinner([info('EG_b'), info('EG_a')])!.egressId).toBe('EG_a')
    expect(raceWinner([info('EG_a'), info('EG_b')])!.egressId).toBe('EG_a')
    expect(raceWinner([])).toBeUndefined()
  })

  it.each([
    [new TwirpError('Internal Server Error', 'twirp error unknown: egress not connected (redis required)', 500, 'internal'), true],
    [new TwirpError('Service Unavailable', 'twirp error unknown: no response from servers', 503, 'unavailable'), true],
    [new TwirpError('Not Found', 'egress does not exist', 404, 'not_found'), false],
    [new Error('fetch failed'), false],
  ])('recognises LiveKit\'s "no Egress worker" answers (%s)', (error, expected) => {
    expect(isNoWorker(error)).toBe(expected)
  })

  it.each([
    [new TwirpError('Service Unavailable', 'no response from servers', 503, 'unavailable'), 503, /^No LiveKit Egress worker is connected/],
    [new TwirpError('Not Found', 'egress does not exist', 404, 'not_found'), 404, /^nothing here$/],
    [new TwirpError('Bad Request', 'invalid layout', 400, 'invalid_argument'), 502, /LiveKit Egress refused the request: invalid layout/],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 503, /answered in time/],
    [new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }), 503, /ECONNREFUSED.*LIVEKIT_EGRESS_URL/],
  ])('maps %s to %i, never 500', (error, statusCode, message) => {
    const mapped = thrown(() => egressFailure(error, 'nothing here'))
    expect(mapped.statusCode).toBe(statusCode)
    expect(mapped.message).toMatch(message)
  })
})
