#!/usr/bin/env node
// `npm run demo`: everything a newcomer needs, on this machine —
// the real LiveKit server, the built app against it, and a demo show that is live at once.
// Values already in the environment (PORT, HOST_ACCESS_KEY, OPS_ACCESS_KEY, NUXT_SESSION_PASSWORD,
// LIVEKIT_PORT, DEMO_ROOM) are honoured; anything missing is generated and printed once.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { ensureBuilt, ensureDependencies, step } from './lib/setup.mjs'
import { log, portInUse } from './lib/process.mjs'
import { createShow, goOnAir, joinToken, scheduleAgain, signIn, startStack } from './lib/stack.mjs'
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

  // LiveKit and the app, started as the tests and benches start them (scripts/lib/stack.mjs), on the
  // demo's fixed ports, with the app's own .data/ so the demo's shows outlive a restart.
  const stack = await step('starting LiveKit and the app', () => startStack({
    appPort,
    host: process.env.HOST ?? '127.0.0.1',
    livekit: { port: liveKitPort, tcpPort: liveKitPort + 1, udpPort: liveKitPort + 2 },
    hostKey, opsKey, sessionPassword,
    keepData: true,
    inheritOutput: true,
  }))
  const { livekit } = stack
  children.push(stack.stop)
  for (const [name, child] of [['LiveKit', livekit.process], ['the app', stack.app.process]]) {
    child.once('exit', () => {
      if (stopping) return
      log(`${name} exited unexpectedly; stopping the demo.`)
      shutdown(1)
    })
  }

  await step(`starting the demo show "${demoRoom}"`, async () => {
    // Shows are records and LiveKit rooms exist only for them: create the show through the app (kept
    // from an earlier run), then take a host token from it, which opens the room; it is live once
    // the publisher is on air.
    const app = stack.app.url
    const cookie = await signIn(app, hostKey)
    const show = await createShow(app, cookie, { id: demoRoom, title: 'Demo show', description: 'A moving test pattern with a tone, live from the demo publisher.' }, { allowExisting: true })
    // Kept from an earlier run that ended (its room closed): schedule it again, as a host would.
    if (show.status === 'ended') await scheduleAgain(app, cookie, demoRoom)
    const added = await seedDemoCatalog(app, cookie, demoRoom)
    if (added) log(`demo show: added ${added} products with images to its lineup`)
    const { token } = await joinToken(app, { room: demoRoom, username: 'Demo Host', admin: true, cookie })
    spawnChild('the demo publisher', process.execPath, ['scripts/demo-publisher.mjs', livekit.wsUrl, token], { NODE_ENV: 'production' })
    // Live once the publisher is on air, as the studio's Go live does.
    await goOnAir(app, cookie, demoRoom)
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
