#!/usr/bin/env node
// `npm run demo -- --cluster` (or `npm run demo:cluster`): the app past one machine, on this one —
// two LiveKit nodes in distributed mode on Redis, two app instances on PostgreSQL + Redis, and two
// demo shows that land on different nodes. See README "Running at scale".
//
// Environment (all optional): PORT (app A; app B is PORT+1), LIVEKIT_PORT (node 1: port, +1 TCP,
// +2 UDP; node 2 is LIVEKIT_PORT+10…), CLUSTER_REDIS (host:port, default 127.0.0.1:6379),
// LIVEKIT_REDIS_DB (default 1: LiveKit's routing state, cleared at start), APP_REDIS_DB (default 2:
// the apps' shared cache), DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test?schema=liveshop_cluster),
// HOST_ACCESS_KEY, OPS_ACCESS_KEY, NUXT_SESSION_PASSWORD (one for both instances: sessions are
// sealed cookies, so a host signed in on A is signed in on B).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { ensureBuilt, ensureDependencies, step } from './lib/setup.mjs'
import { log, portInUse, waitForHttp } from './lib/process.mjs'
import { redisClient, startLiveKitCluster } from './lib/cluster.mjs'
import { goOnAir, scheduleAgain } from './lib/stack.mjs'

const appPort = Number(process.env.PORT ?? 3000)
const liveKitPort = Number(process.env.LIVEKIT_PORT ?? 7880)
const redisAddress = process.env.CLUSTER_REDIS ?? '127.0.0.1:6379'
const liveKitRedisDb = Number(process.env.LIVEKIT_REDIS_DB ?? 1)
const appRedisDb = Number(process.env.APP_REDIS_DB ?? 2)
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test?schema=liveshop_cluster'
const hostKey = process.env.HOST_ACCESS_KEY ?? `host-${randomBytes(18).toString('base64url')}`
const opsKey = process.env.OPS_ACCESS_KEY ?? `ops-${randomBytes(18).toString('base64url')}`
const sessionPassword = process.env.NUXT_SESSION_PASSWORD ?? randomBytes(32).toString('hex')
const shows = ['demo-show', 'demo-show-2']

const nodePorts = [0, 10].map(offset => ({ port: liveKitPort + offset, tcpPort: liveKitPort + offset + 1, udpPort: liveKitPort + offset + 2 }))
const appPorts = [appPort, appPort + 1]

const children = []
let stopping = false
async function shutdown(code = 0) {
  if (stopping) return
  stopping = true
  log('stopping…')
  for (const stop of children.reverse()) await stop().catch(() => {})
  process.exit(code)
}
process.on('SIGINT', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))

function spawnChild(name, args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] })
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.once('exit', (code, signal) => {
    if (!stopping) log(`${name} exited (${code ?? signal}); the rest keeps running.`)
  })
  children.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  })
  return child
}

async function waitForPlacement(cluster, show) {
  for (let i = 0; i < 50; i++) {
    const node = await cluster.nodeOfRoom(show)
    if (node) return node
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return undefined
}

async function checkServices() {
  const [host, port] = redisAddress.split(':')
  const redis = redisClient({ host, port: Number(port), db: liveKitRedisDb })
  redis.on('error', () => {})
  try {
    await redis.ping()
    // A previous run killed mid-show leaves dead nodes and room placements behind; this db is
    // LiveKit's own, so start it clean.
    await redis.flushdb()
  }
  catch (error) {
    throw new Error(`Redis at ${redisAddress} is not reachable (${error.message}). Start redis-server or set CLUSTER_REDIS=host:port.`, { cause: error })
  }
  finally {
    redis.disconnect()
  }
  const client = new pg.Client({ connectionString: databaseUrl.replace(/[?&]schema=[^&]*/, ''), connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
  }
  catch (error) {
    throw new Error(`PostgreSQL at ${databaseUrl} is not reachable (${error.message}). Start it or set DATABASE_URL.`, { cause: error })
  }
  finally {
    await client.end().catch(() => {})
  }
}

try {
  await ensureDependencies()
  const wanted = [
    ...appPorts.map((port, i) => [`app instance ${'AB'[i]}`, port, 'PORT']),
    ...nodePorts.flatMap((ports, i) => [[`LiveKit node ${i + 1}`, ports.port, 'LIVEKIT_PORT'], [`LiveKit node ${i + 1} (TCP)`, ports.tcpPort, 'LIVEKIT_PORT']]),
  ]
  for (const [what, port, variable] of wanted) {
    if (await portInUse(port)) throw new Error(`port ${port} (for ${what}) is already in use. Stop whatever holds it, or set ${variable} to another port.`)
  }
  await step('checking Redis and PostgreSQL', checkServices)
  await ensureBuilt()

  const apiSecret = randomBytes(24).toString('base64url')
  const webhookUrls = appPorts.map(port => `http://127.0.0.1:${port}/api/livekit/webhook`)
  const cluster = await step('starting two LiveKit nodes on Redis', () => startLiveKitCluster({
    redis: { address: redisAddress, db: liveKitRedisDb }, apiSecret, webhookUrls, ports: nodePorts,
  }))
  children.push(cluster.stop)

  // Each instance hands browsers a different node, so a viewer's signalling often lands on the
  // node that does not hold the show and is relayed (what a load balancer in front of the nodes
  // does in production, where LIVEKIT_URL is one name for all of them).
  const instances = []
  await step('starting app instances A and B', async () => {
    for (const [i, port] of appPorts.entries()) {
      const env = {
        PORT: String(port),
        HOST: process.env.HOST ?? '127.0.0.1',
        LIVEKIT_URL: cluster.nodes[i].wsUrl,
        LIVEKIT_API_KEY: cluster.apiKey,
        LIVEKIT_API_SECRET: apiSecret,
        HOST_ACCESS_KEY: hostKey,
        OPS_ACCESS_KEY: opsKey,
        NUXT_SESSION_PASSWORD: sessionPassword,
        DATABASE_URL: databaseUrl,
        NUXT_CACHE_REDIS_URL: `redis://${redisAddress}/${appRedisDb}`,
      }
      const app = spawnChild(`app instance ${'AB'[i]}`, ['.output/server/index.mjs'], env)
      // One at a time: the first applies the database migrations.
      await waitForHttp(`http://127.0.0.1:${port}/api/_auth/session`, { timeoutMs: 60_000, process: app })
      instances.push({ name: 'AB'[i], port, livekit: cluster.nodes[i] })
    }
  })

  const placed = await step('starting two demo shows', async () => {
    // Shows are records and LiveKit rooms exist only for them: create each show through instance A,
    // then take a host token from it, which opens the room on the node LiveKit picks; each is live
    // once its publisher is on air.
    const app = `http://127.0.0.1:${appPorts[0]}`
    const login = await fetch(`${app}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: hostKey }) })
    if (!login.ok) throw new Error(`host sign-in failed (${login.status})`)
    const cookie = login.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    const result = []
    for (const [i, show] of shows.entries()) {
      // Node stats refresh every 2 s and the cluster spreads rooms by count: wait until the first
      // room is counted before opening the second.
      if (i > 0) await new Promise(resolve => setTimeout(resolve, 2_500))
      const created = await fetch(`${app}/api/shows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ id: show, title: `Demo show ${i + 1}`, description: 'A moving test pattern with a tone, live from the demo publisher.' }),
      })
      if (!created.ok && created.status !== 409) throw new Error(`could not create ${show} (${created.status}): ${await created.text()}`)
      // Kept from an earlier run that ended: schedule it again, as a host would.
      if (created.status === 409 && (await (await fetch(`${app}/api/shows/${show}`)).json()).status === 'ended') await scheduleAgain(app, cookie, show)
      const answer = await fetch(`${app}/api/livekit/token?${new URLSearchParams({ room: show, username: `Demo Host ${i + 1}`, admin: 'true' })}`, { headers: { cookie } })
      if (!answer.ok) throw new Error(`no host token for ${show} (${answer.status}): ${await answer.text()}`)
      const { token, url } = await answer.json()
      spawnChild(`the demo publisher of ${show}`, ['scripts/demo-publisher.mjs', url, token], { NODE_ENV: 'production' })
      result.push({ show, node: await waitForPlacement(cluster, show) })
      // Live once the publisher is on air, as the studio's Go live does.
      await goOnAir(app, cookie, show)
    }
    return result
  })

  const pad = (text, width) => text.padEnd(width)
  console.log(`
  LiveShop cluster is running.

${instances.map(app => `    App instance ${app.name}     http://localhost:${app.port}   (hands browsers LiveKit node ${app.livekit.index + 1})`).join('\n')}
${cluster.nodes.map(node => `    LiveKit node ${node.index + 1}     ${pad(node.wsUrl, 22)} node id ${node.id}  (RTC TCP ${node.tcpPort}, UDP ${node.udpPort})`).join('\n')}
    Redis              ${redisAddress}  db ${liveKitRedisDb} (LiveKit routing), db ${appRedisDb} (app cache)
    PostgreSQL         ${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}

${placed.map(({ show, node }) => `    ${pad(show, 16)} on LiveKit node ${node ? `${node.index + 1} (${node.id})` : '?'}: http://localhost:${appPorts[0]}/watch/${show}  or  http://localhost:${appPorts[1]}/watch/${show}`).join('\n')}

    Host access key    ${hostKey}
    Ops access key     ${opsKey}

  Put a reverse proxy in front of both app instances (README "Running at scale"). Ctrl-C stops everything.
`)
}
catch (error) {
  log(`cluster demo could not start: ${error.message}`)
  await shutdown(1)
}
