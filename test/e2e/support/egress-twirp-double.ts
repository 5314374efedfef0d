// TEST DOUBLE — the LiveKit Egress Twirp HTTP boundary only, never the real thing.
//
// No LiveKit Egress worker can run on these machines (it needs a custom GStreamer build), so the
// recording routes' happy path is checked here: the app's real `EgressClient` talks HTTP to this
// small server (LIVEKIT_EGRESS_URL points at it), which records what arrives — path, JSON body,
// the verified JWT grant — and answers the way LiveKit's Egress service does (EgressInfo JSON,
// Twirp error JSON). Rooms, tokens and media still go to the real LiveKit server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk'

export interface RecordedCall {
  method: string
  path: string
  body: Record<string, unknown>
  grants: ClaimGrants
}

interface FakeEgress {
  egressId: string
  roomName: string
  status: 'EGRESS_STARTING' | 'EGRESS_ACTIVE' | 'EGRESS_ENDING' | 'EGRESS_COMPLETE'
  startedAt: string
  request: Record<string, unknown>
}

export interface TwirpError { status: number, code: string, msg: string }

export interface EgressTwirpDouble {
  url: string
  /** The LiveKit API key/secret the app signs with (set once the stack has started). */
  keys: { apiKey: string, apiSecret: string }
  calls: RecordedCall[]
  egresses: Map<string, FakeEgress>
  /** When set, every Start answers with this Twirp error (e.g. LiveKit's "no response from servers"). */
  failStartWith: TwirpError | null
  /** Delay before answering Start, so two racing starts overlap for real. */
  startDelayMs: number
  /**
   * The next this-many List calls are answered together, once all have arrived (each listing is
   * taken on arrival): several app instances' checks overlap for real, however slowly each gets
   * there. Later Lists answer at once. 0: no holding.
   */
  listTogether: number
  reset: () => void
  close: () => Promise<void>
}

const SERVICE = '/twirp/livekit.Egress/'

function send(res: ServerResponse, status: number, body: unknown) {
  // The SDK only parses error JSON when the content type is exactly application/json.
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function twirpError(res: ServerResponse, error: TwirpError) {
  send(res, error.status, { code: error.code, msg: error.msg })
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString() || '{}')
}

const active = (egress: FakeEgress) => egress.status === 'EGRESS_STARTING' || egress.status === 'EGRESS_ACTIVE'
const info = (egress: FakeEgress) => ({
  egressId: egress.egressId,
  roomName: egress.roomName,
  status: egress.status,
  startedAt: egress.startedAt,
  roomComposite: egress.request,
})

export async function startEgressTwirpDouble(): Promise<EgressTwirpDouble> {
  const double: EgressTwirpDouble = {
    url: '',
    keys: { apiKey: '', apiSecret: '' },
    calls: [],
    egresses: new Map(),
    failStartWith: null,
    startDelayMs: 0,
    listTogether: 0,
    reset() {
      double.calls.length = 0
      double.egresses.clear()
      double.failStartWith = null
      double.startDelayMs = 0
      double.listTogether = 0
      releaseLists()
    },
    close: async () => {},
  }

  // Lists held for listTogether; released together (or after 10 s, so a missing one fails the
  // test's assertions instead of hanging it).
  let heldLists: Array<() => void> = []
  function releaseLists() {
    for (const release of heldLists) release()
    heldLists = []
  }
  function holdList() {
    const held = new Promise<void>((resolve) => {
      heldLists.push(resolve)
      setTimeout(resolve, 10_000)
    })
    if (heldLists.length >= double.listTogether) {
      double.listTogether = 0
      releaseLists()
    }
    return held
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? ''
    if (req.method !== 'POST' || !path.startsWith(SERVICE)) return twirpError(res, { status: 404, code: 'bad_route', msg: `no handler for ${req.method} ${path}` })
    let grants: ClaimGrants
    try {
      grants = await new TokenVerifier(double.keys.apiKey, double.keys.apiSecret).verify((req.headers.authorization ?? '').replace(/^Bearer /, ''))
    }
    catch {
      return twirpError(res, { status: 401, code: 'unauthenticated', msg: 'invalid token' })
    }
    const body = await readJson(req)
    double.calls.push({ method: path.slice(SERVICE.length), path, body, grants })
    // Like LiveKit: every Egress call needs the roomRecord grant.
    if (!grants.video?.roomRecord) return twirpError(res, { status: 403, code: 'permission_denied', msg: 'permissions denied' })

    switch (path.slice(SERVICE.length)) {
      case 'StartRoomCompositeEgress': {
        if (double.failStartWith) return twirpError(res, double.failStartWith)
        const egress: FakeEgress = {
          egressId: `EG_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`,
          roomName: String(body.roomName),
          status: 'EGRESS_STARTING',
          startedAt: '0',
          request: body,
        }
        double.egresses.set(egress.egressId, egress)
        // Registered first, answered after the delay: like LiveKit, a listing made while a start
        // is still in flight already shows it.
        if (double.startDelayMs) await new Promise(resolve => setTimeout(resolve, double.startDelayMs))
        return send(res, 200, info(egress))
      }
      case 'ListEgress': {
        const items = [...double.egresses.values()].filter(egress =>
          (!body.roomName || egress.roomName === body.roomName)
          && (!body.egressId || egress.egressId === body.egressId)
          && (!body.active || active(egress)))
          .map(info)
        if (double.listTogether > 0) await holdList()
        return send(res, 200, { items })
      }
      case 'StopEgress': {
        const egress = double.egresses.get(String(body.egressId))
        if (!egress) return twirpError(res, { status: 404, code: 'not_found', msg: 'egress does not exist' })
        if (!active(egress)) return twirpError(res, { status: 412, code: 'failed_precondition', msg: 'egress is not active' })
        egress.status = 'EGRESS_COMPLETE'
        return send(res, 200, info(egress))
      }
      default:
        return twirpError(res, { status: 404, code: 'bad_route', msg: `unknown method ${path}` })
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(error => twirpError(res, { status: 500, code: 'internal', msg: String(error) }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  double.close = () => new Promise(resolve => server.close(() => resolve()))
  return double
}
