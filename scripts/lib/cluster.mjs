// LiveKit's distributed mode on one machine: several livekit-server nodes sharing one Redis (each
// on its own ports, each with the random node id LiveKit gives it), and a private redis-server for
// tests that must stop Redis without touching the machine's shared one. Used by the cluster demo
// (scripts/cluster.mjs) and the scale-out e2e tests.
//
// How LiveKit places rooms (livekit-server v1.13.5, pkg/routing/redisrouter.go and
// pkg/service/roomallocator.go): the Redis hash `nodes` holds node id → Node proto (stats refreshed
// every 2 s); the hash `room_node_map` holds room name → node id, written when a room is created
// (RoomService.CreateRoom or the first join). A node whose stats are 5 s old is "unavailable": the
// next join or CreateRoom for its rooms picks a live node and rewrites the map. Any node accepts a
// client's signalling and relays it to the room's node; media goes straight to the room's node.
import { spawn } from 'node:child_process'
import Redis from 'ioredis'
import { startLiveKit } from '../livekit-server.mjs'
import { freeTcpPort, log } from './process.mjs'

/** Redis keys LiveKit's router uses (pkg/routing/redisrouter.go). */
export const NODES_KEY = 'nodes'
export const ROOM_NODE_KEY = 'room_node_map'

/**
 * Spreads new rooms by how many rooms each node already holds (node stats are 2 s old at most),
 * so two shows opened a few seconds apart land on different nodes. LiveKit's default picks a random
 * node; production clusters usually sort by `sysload` instead.
 */
export const SPREAD_BY_ROOMS = { kind: 'any', sort_by: 'rooms', algorithm: 'lowest' }

async function until(check, { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check().catch(() => null)
    if (value) return value
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
  throw new Error(`${what}: not true within ${timeoutMs} ms`)
}

/** An ioredis client that fails fast instead of queueing commands while Redis is away. */
export function redisClient({ host = '127.0.0.1', port = 6379, db = 0 } = {}) {
  return new Redis({ host, port, db, lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 })
}

/**
 * A private redis-server on a free loopback port (no persistence). stop()/kill() end it,
 * start() brings it back on the same port (for "Redis went away for a moment" tests).
 */
export async function startRedisServer({ port } = {}) {
  const chosen = port ?? await freeTcpPort()
  let child = null
  let exited = Promise.resolve()
  const server = {
    port: chosen,
    address: `127.0.0.1:${chosen}`,
    url: `redis://127.0.0.1:${chosen}`,
    get process() {
      return child
    },
    async start() {
      child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (chunk) => {
        output = (output + chunk).slice(-4000)
      })
      child.on('error', (error) => {
        output += `\n${error.message}`
      })
      const current = child
      exited = new Promise(resolve => current.once('exit', resolve))
      const probe = redisClient({ port: chosen })
      probe.on('error', () => {})
      try {
        await until(async () => (await probe.ping()) === 'PONG', { timeoutMs: 10_000, what: `redis-server on ${chosen}` })
      }
      catch (error) {
        current.kill('SIGKILL')
        throw new Error(`${error.message} (is redis-server installed? apt-get install redis-server)\n${output}`, { cause: error })
      }
      finally {
        probe.disconnect()
      }
    },
    async kill(signal = 'SIGKILL') {
      if (!child || child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      await exited
    },
    stop: () => server.kill('SIGTERM'),
  }
  await server.start()
  return server
}

/**
 * Starts `size` LiveKit nodes on one Redis (`redis.address`, `redis.db`), one after another, and
 * learns each node's id from the `nodes` hash (the key that appeared when it started).
 * @param {object} o
 * @param {{ address: string, db?: number }} o.redis
 * @param {number} [o.size]
 * @param {string} [o.apiKey]
 * @param {string} o.apiSecret       shared by every node (tokens are valid on all of them)
 * @param {string[]} [o.webhookUrls]
 * @param {object} [o.nodeSelector]  default SPREAD_BY_ROOMS
 * @param {Array<{ port: number, tcpPort: number, udpPort: number }>} [o.ports] fixed ports per node
 */
export async function startLiveKitCluster(o) {
  const [host, port] = o.redis.address.split(':')
  const db = o.redis.db ?? 0
  const redis = redisClient({ host, port: Number(port), db })
  redis.on('error', () => {})
  const nodes = []
  const stopAll = async () => {
    await Promise.all(nodes.map(node => node.stop()))
    redis.disconnect()
  }
  /** Starts node `index` (again, on the same ports when it ran before) and learns its new id. */
  async function startNode(index, ports = o.ports?.[index]) {
    const before = new Set(await redis.hkeys(NODES_KEY))
    const livekit = await startLiveKit({
      ...ports,
      apiKey: o.apiKey ?? 'devkey',
      apiSecret: o.apiSecret,
      webhookUrls: o.webhookUrls,
      redis: { address: o.redis.address, db },
      nodeSelector: o.nodeSelector ?? SPREAD_BY_ROOMS,
    })
    nodes[index] = Object.assign(livekit, { index, id: '' })
    livekit.id = await until(async () => (await redis.hkeys(NODES_KEY)).find(id => !before.has(id)), { what: `node ${index + 1} registering in Redis` })
    /** SIGKILL: the node vanishes without unregistering (a crash, an OOM kill, a lost machine). */
    livekit.kill = async () => {
      if (livekit.process.exitCode !== null || livekit.process.signalCode !== null) return
      livekit.process.kill('SIGKILL')
      await livekit.exited
    }
    return livekit
  }
  try {
    for (let index = 0; index < (o.size ?? 2); index++) await startNode(index)
  }
  catch (error) {
    await stopAll()
    throw error
  }
  log(`livekit cluster: ${nodes.map(node => `${node.id} on ${node.port}`).join(', ')} (Redis ${o.redis.address} db ${db})`)
  return {
    nodes,
    apiKey: o.apiKey ?? 'devkey',
    apiSecret: o.apiSecret,
    redis,
    /**
     * Resolves once `nodeId` has published its stats twice more (LiveKit rewrites its `nodes` entry
     * every 2 s): the second of those was taken after this call, so it counts every room the node
     * held by then — what LiveKit's room placement reads.
     */
    nodeStatsRefreshed: async (nodeId, { timeoutMs = 15_000 } = {}) => {
      let seen = await redis.hgetBuffer(NODES_KEY, nodeId)
      for (let refreshes = 0; refreshes < 2; refreshes++) {
        const before = seen
        seen = await until(async () => {
          const now = await redis.hgetBuffer(NODES_KEY, nodeId)
          return now && !(before && now.equals(before)) ? now : null
        }, { timeoutMs, what: `node ${nodeId}'s stats refreshed` })
      }
    },
    /** The id of the node LiveKit placed `room` on, or null while it has none. */
    nodeIdOfRoom: async room => (await redis.hget(ROOM_NODE_KEY, room)) ?? null,
    /** Brings a killed node back on its ports (it registers with a new node id). */
    restartNode: async (index) => {
      const { port, tcpPort, udpPort } = nodes[index]
      await nodes[index].stop()
      return startNode(index, { port, tcpPort, udpPort })
    },
    /** The started node that holds `room`, or undefined. */
    nodeOfRoom: async (room) => {
      const id = await redis.hget(ROOM_NODE_KEY, room)
      return nodes.find(node => node.id === id)
    },
    stop: stopAll,
  }
}
