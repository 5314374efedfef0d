#!/usr/bin/env node
// `npm run demo`: everything a newcomer needs, on this machine —
// the real LiveKit server, the built app against it, and a demo show that is live at once.
// Values already in the environment (PORT, HOST_ACCESS_KEY, OPS_ACCESS_KEY, NUXT_SESSION_PASSWORD,
// LIVEKIT_PORT, DEMO_ROOM) are honoured; anything missing is generated and printed once.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { ensureBuilt, ensureDependencies, step } from './lib/setup.mjs'
import { log, portInUse, waitForHttp } from './lib/process.mjs'
import { startLiveKit } from './livekit-server.mjs'
import { seedDemoCatalog } from './lib/demo-catalog.mjs'

// `npm run demo -- --cluster`: two LiveKit nodes and two app instances instead (it exits itself).
if (process.argv.includes('--cluster')) {
  await import('./cluster.mjs')
  await new Promise(() => {})
}

const appPort = Number(process.env.PORT ?? 3000)
const liveKitPort = Number(process.env.LIVEKIT_PORT ?? 7880)
const demoRoom = process.env.DEMO_ROOM ?? 'demo-show'
const hostKey = process.env.HOST_ACCESS_KEY ?? `host-${randomBytes(18).toString('base64url')}`
const opsKey = process.env.OPS_ACCESS_KEY ?? `ops-${randomBytes(18).toString('base64url')}`
const sessionPassword = process.env.NUXT_SESSION_PASSWORD ?? randomBytes(32).toString('hex')

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

function spawnChild(name, command, args, env) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] })
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.once('exit', (code) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${code}); stopping the demo.`)
      shutdown(1)
    }
  })
  children.push(async () => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  })
  return child
}

try {
  await ensureDependencies()
  for (const [what, port] of [['the app', appPort], ['LiveKit', liveKitPort], ['LiveKit (TCP)', liveKitPort + 1]]) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} (for ${what}) is already in use. Stop whatever holds it, or set ${what === 'the app' ? 'PORT' : 'LIVEKIT_PORT'} to another port.`)
    }
  }
  await ensureBuilt()

  const livekit = await step('starting LiveKit', () => startLiveKit({
    port: liveKitPort,
    tcpPort: liveKitPort + 1,
    udpPort: liveKitPort + 2,
    webhookUrls: [`http://127.0.0.1:${appPort}/api/livekit/webhook`],
  }))
  children.push(livekit.stop)
  livekit.process.once('exit', () => {
    if (stopping) return
    log('LiveKit exited unexpectedly; stopping the demo.')
    shutdown(1)
  })

  const appEnv = {
    PORT: String(appPort),
    HOST: process.env.HOST ?? '127.0.0.1',
    LIVEKIT_URL: livekit.wsUrl,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    HOST_ACCESS_KEY: hostKey,
    OPS_ACCESS_KEY: opsKey,
    NUXT_SESSION_PASSWORD: sessionPassword,
  }
  await step('starting the app', async () => {
    const app = spawnChild('the app', process.execPath, ['.output/server/index.mjs'], appEnv)
    await waitForHttp(`http://127.0.0.1:${appPort}/api/_auth/session`, { timeoutMs: 30_000, process: app })
  })

  await step(`starting the demo show "${demoRoom}"`, async () => {
    // Shows are records and LiveKit rooms exist only for them: create the show through the app (kept
    // from an earlier run), then take a host token from it, which opens the room.
    const app = `http://127.0.0.1:${appPort}`
    const login = await fetch(`${app}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: hostKey }) })
    if (!login.ok) throw new Error(`host sign-in failed (${login.status})`)
    const cookie = login.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
    const created = await fetch(`${app}/api/shows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ id: demoRoom, title: 'Demo show', description: 'A moving test pattern with a tone, live from the demo publisher.' }),
    })
    if (!created.ok && created.status !== 409) throw new Error(`could not create the demo show (${created.status}): ${await created.text()}`)
    const added = await seedDemoCatalog(app, cookie, demoRoom)
    if (added) log(`demo show: added ${added} products with images to its lineup`)
    const tokenResponse = await fetch(`${app}/api/livekit/token?${new URLSearchParams({ room: demoRoom, username: 'Demo Host', admin: 'true' })}`, { headers: { cookie } })
    if (!tokenResponse.ok) throw new Error(`no host token for the demo show (${tokenResponse.status}): ${await tokenResponse.text()}`)
    const { token } = await tokenResponse.json()
    spawnChild('the demo publisher', process.execPath, ['scripts/demo-publisher.mjs', livekit.wsUrl, token], { NODE_ENV: 'production' })
  })

  const base = `http://localhost:${appPort}`
  console.log(`
  LiveShop is running.

    Live shows         ${base}/
    Watch the demo     ${base}/watch/${demoRoom}
    Go live (host)     ${base}/login   → then open a studio from the home page
    Analytics (ops)    ${base}/analytics

    Host access key    ${hostKey}
    Ops access key     ${opsKey}
    LiveKit            ${livekit.wsUrl}  (API key ${livekit.apiKey})

  Ctrl-C stops everything.
`)
}
catch (error) {
  log(`demo could not start: ${error.message}`)
  await shutdown(1)
}
