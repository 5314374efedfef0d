// The scale-out topology on loopback, for the cluster e2e tests: two LiveKit nodes in distributed
// mode on a private redis-server, a failover front per app instance (front A prefers node 1, front
// B node 2, each falls over to the other — a load balancer in front of the nodes), and two app
// instances A and B on one PostgreSQL schema and a second private redis-server for their cache
// (private so a test can stop it: the machine's Redis on 6379 is shared and must never be stopped).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { startLiveKitCluster, startRedisServer } from '../../../scripts/lib/cluster.mjs'
import { freeTcpPort } from '../../../scripts/lib/process.mjs'
import { testAnalyticsDb, type TestAnalyticsDb } from './analytics-db'
import { startFailoverProxy, type FailoverProxy } from './failover-proxy'
import { startApp, type AppServer, type LiveKit, type Stack } from './stack'

export type LiveKitCluster = Awaited<ReturnType<typeof startLiveKitCluster>>
export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>
export type ClusterNode = LiveKitCluster['nodes'][number]

export interface ClusterStack {
  cluster: LiveKitCluster
  /** LiveKit's Redis (routing state). */
  liveKitRedis: RedisServer
  /** The app instances' Redis (cache, limits). */
  appRedis: RedisServer
  fronts: [FailoverProxy, FailoverProxy]
  apps: [AppServer, AppServer]
  db: TestAnalyticsDb
  hostKey: string
  opsKey: string
  /** App instance i (0 = A, 1 = B) in the shape the single-stack page helpers take. */
  stack: (i: 0 | 1) => Stack
  stop: () => Promise<void>
}

export async function startClusterStack(): Promise<ClusterStack> {
  const cleanups: Array<() => Promise<unknown>> = []
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
    cleanups.length = 0
  }
  try {
    const liveKitRedis = await startRedisServer()
    cleanups.push(() => liveKitRedis.stop())
    const appRedis = await startRedisServer()
    cleanups.push(() => appRedis.stop())
    const db = testAnalyticsDb('postgres')
    cleanups.push(() => db.cleanup())

    const appPorts = [await freeTcpPort(), await freeTcpPort()]
    const apiSecret = randomBytes(24).toString('base64url')
    const cluster = await startLiveKitCluster({
      redis: { address: liveKitRedis.address, db: 0 },
      apiSecret,
      // Every node tells both instances; each event is stored once (idempotent by event id), and
      // a dead instance loses nothing the other receives.
      webhookUrls: appPorts.map(port => `http://127.0.0.1:${port}/api/livekit/webhook`),
    })
    cleanups.push(() => cluster.stop())
    const nodePorts = cluster.nodes.map(node => node.port)
    const fronts: [FailoverProxy, FailoverProxy] = [
      await startFailoverProxy(nodePorts),
      await startFailoverProxy([...nodePorts].reverse()),
    ]
    cleanups.push(() => Promise.all(fronts.map(front => front.close())))

    const hostKey = `host-${randomBytes(12).toString('hex')}`
    const opsKey = `ops-${randomBytes(12).toString('hex')}`
    const sessionPassword = randomBytes(32).toString('hex')
    const envFor = (i: number): Record<string, string> => ({
      ...db.env,
      LIVEKIT_URL: fronts[i]!.wsUrl,
      LIVEKIT_API_KEY: cluster.apiKey,
      LIVEKIT_API_SECRET: apiSecret,
      HOST_ACCESS_KEY: hostKey,
      OPS_ACCESS_KEY: opsKey,
      // One password for all instances: the sealed session cookie made by A opens on B.
      NUXT_SESSION_PASSWORD: sessionPassword,
      NUXT_CACHE_REDIS_URL: appRedis.url,
    })
    // One after the other: the first one migrates the schema.
    const appA = await startApp(envFor(0), appPorts[0])
    cleanups.push(() => appA.stop())
    const appB = await startApp(envFor(1), appPorts[1])
    cleanups.push(() => appB.stop())
    const apps: [AppServer, AppServer] = [appA, appB]

    return {
      cluster, liveKitRedis, appRedis, fronts, apps, db, hostKey, opsKey,
      stack: i => ({
        app: apps[i], livekit: cluster.nodes[i] as unknown as LiveKit, hostKey, opsKey, sessionPassword,
        appEnv: apps[i].env, stop,
      }),
      stop,
    }
  }
  catch (error) {
    await stop()
    throw error
  }
}

/** The cluster node index (0/1) that holds `room` now, or -1. */
export async function nodeIndexOfRoom(cluster: LiveKitCluster, room: string): Promise<number> {
  const node = await cluster.nodeOfRoom(room)
  return node ? node.index : -1
}

/** Runs SQL in the cluster's PostgreSQL schema (what is really stored, not what an app says). */
export async function queryClusterDb<T extends pg.QueryResultRow>(stack: ClusterStack, sql: string, params: unknown[] = []): Promise<T[]> {
  const url = new URL(stack.db.env.DATABASE_URL!)
  const schema = url.searchParams.get('schema')!
  url.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${schema}` })
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  }
  finally {
    await client.end()
  }
}
