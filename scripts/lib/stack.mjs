// The one way to start what LiveShop runs on — the real LiveKit server and the built app against it
// — for `npm run demo`, the e2e tests (test/e2e/support/stack.ts) and the benchmarks
// (bench/lib/stack.mjs): one app environment, one set of Chromium flags, and tokens and shows made
// through the app's own routes, so the grants are always server/utils/tokens.ts's.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startLiveKit } from '../livekit-server.mjs'
import { freeTcpPort, waitForHttp } from './process.mjs'

export const ROOT = resolve(import.meta.dirname, '../..')
// LIVESHOP_SERVER_ENTRY runs against another build (e.g. main's, to see a test fail before a fix).
export const SERVER_ENTRY = process.env.LIVESHOP_SERVER_ENTRY || resolve(ROOT, '.output/server/index.mjs')
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CHROMIUM_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
  '--enable-usermedia-screen-capturing',
  '--allow-loopback-in-peer-connection',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
]

/**
 * Headless Chromium's flags: a fake camera and microphone, loopback WebRTC, no background traffic.
 * @param {{ autoplay?: boolean, fakeUi?: boolean, extraArgs?: string[] }} [options]
 *   autoplay (default true): sound plays without a tap; fakeUi (default true): camera/mic prompts say "allow".
 */
export function chromiumArgs({ autoplay = true, fakeUi = true, extraArgs = [] } = {}) {
  const args = [...CHROMIUM_FLAGS, ...extraArgs].filter(flag => fakeUi || flag !== '--use-fake-ui-for-media-stream')
  if (autoplay) args.push('--autoplay-policy=no-user-gesture-required')
  return args
}

/**
 * The app's environment against a LiveKit server. `dataDir` holds the database and the uploads
 * (without one, the app's defaults under .data/).
 * @param {{ livekit: { wsUrl: string, apiKey: string, apiSecret: string }, dataDir?: string, hostKey: string, opsKey: string, sessionPassword: string }} o
 */
export function appEnvironment(o) {
  return {
    ...(o.dataDir ? { ANALYTICS_SQLITE_PATH: join(o.dataDir, 'app.sqlite'), NUXT_UPLOADS_DIR: join(o.dataDir, 'uploads') } : {}),
    LIVEKIT_URL: o.livekit.wsUrl,
    LIVEKIT_API_KEY: o.livekit.apiKey,
    LIVEKIT_API_SECRET: o.livekit.apiSecret,
    HOST_ACCESS_KEY: o.hostKey,
    OPS_ACCESS_KEY: o.opsKey,
    NUXT_SESSION_PASSWORD: o.sessionPassword,
  }
}

/**
 * Starts the built app and waits until it answers.
 * @param {Record<string, string>} env the app's environment (appEnvironment, plus anything else)
 * @param {{ port?: number, host?: string, entry?: string, inheritOutput?: boolean }} [options]
 *   inheritOutput: print the app's output (the demo) instead of keeping its last 50 kB (tests, benches).
 */
export async function startApp(env, { port, host = '127.0.0.1', entry = SERVER_ENTRY, inheritOutput = false } = {}) {
  const appPort = port ?? await freeTcpPort()
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, NODE_ENV: 'production', HOST: host, PORT: String(appPort), ...env },
    stdio: ['ignore', inheritOutput ? 'inherit' : 'pipe', inheritOutput ? 'inherit' : 'pipe'],
  })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-50_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let stopping = false
  const exited = new Promise(done => child.once('exit', (code, signal) => {
    // An app that dies mid-run shows up as "connection refused" later: say so where it happened.
    if (!stopping && !inheritOutput) process.stderr.write(`[liveshop] the app on port ${appPort} exited unexpectedly (${code ?? signal}); its last output:\n${output.slice(-4000)}\n`)
    done()
  }))
  const url = `http://127.0.0.1:${appPort}`
  try {
    await waitForHttp(`${url}/api/_auth/session`, { timeoutMs: 30_000, process: child })
  }
  catch (error) {
    stopping = true
    child.kill('SIGKILL')
    throw new Error(`the app did not start: ${error.message}\n${output}`, { cause: error })
  }
  const kill = async (signal = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    stopping = true
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return { url, port: appPort, env, process: child, exited, output: () => output, stop: () => kill('SIGTERM'), kill }
}

/**
 * A real LiveKit server plus the built app configured against it, on free loopback ports unless
 * given. Keys and the session password are generated unless given; the database and uploads live
 * in a directory of this stack's own, removed by stop() — unless `keepData` (the demo: the app's
 * own .data/, so its shows outlive a restart).
 * @param {{ env?: Record<string, string>, webhooks?: boolean, appPort?: number, host?: string,
 *   livekit?: { port?: number, tcpPort?: number, udpPort?: number }, hostKey?: string, opsKey?: string,
 *   sessionPassword?: string, keepData?: boolean, inheritOutput?: boolean }} [options]
 */
export async function startStack(options = {}) {
  const appPort = options.appPort ?? await freeTcpPort()
  const webhookUrls = options.webhooks === false ? [] : [`http://127.0.0.1:${appPort}/api/livekit/webhook`]
  const livekit = await startLiveKit({ ...options.livekit, webhookUrls })
  const hostKey = options.hostKey ?? `host-${randomBytes(12).toString('hex')}`
  const opsKey = options.opsKey ?? `ops-${randomBytes(12).toString('hex')}`
  const sessionPassword = options.sessionPassword ?? randomBytes(32).toString('hex')
  const dataDir = options.keepData ? undefined : mkdtempSync(join(tmpdir(), 'liveshop-stack-'))
  const appEnv = { ...appEnvironment({ livekit, dataDir, hostKey, opsKey, sessionPassword }), ...options.env }
  const removeData = () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  let app
  try {
    app = await startApp(appEnv, { port: appPort, host: options.host, inheritOutput: options.inheritOutput })
  }
  catch (error) {
    await livekit.stop()
    removeData()
    throw error
  }
  return {
    app, livekit, hostKey, opsKey, sessionPassword, appEnv,
    stop: async () => {
      await app.stop()
      await livekit.stop()
      removeData()
    },
  }
}

/** Signs in with an access key; returns the session cookie for fetch(). */
export async function signIn(appUrl, key) {
  const response = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  })
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`)
  const cookie = response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  if (!cookie) throw new Error('sign-in returned no session cookie')
  return cookie
}

/**
 * Creates a show through the app (rooms exist only for shows); an existing one is fine with
 * `allowExisting`. Returns the route's answer (the show).
 * @param {string} appUrl
 * @param {string} cookie a host session (signIn)
 * @param {{ id: string, title?: string } & Record<string, unknown>} show
 */
export async function createShow(appUrl, cookie, show, { allowExisting = false } = {}) {
  const response = await fetch(`${appUrl}/api/shows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title: show.id, ...show }),
  })
  if (response.status === 409 && allowExisting) return (await fetch(`${appUrl}/api/shows/${show.id}`)).json()
  if (response.status !== 201) throw new Error(`could not create show ${show.id}: ${response.status} ${await response.text()}`)
  return response.json()
}

/**
 * A token from the app's own route, so its grants are exactly the app's (server/utils/tokens.ts):
 * a host token (with the host's `cookie`; it also opens the show's room, the show stays scheduled
 * until goOnAir) or a viewer token.
 * @param {string} appUrl
 * @param {{ room: string, username: string, admin?: boolean, cookie?: string }} request
 * @returns {Promise<{ token: string, url: string, identity: string }>}
 */
export async function joinToken(appUrl, { room, username, admin = false, cookie }) {
  const query = new URLSearchParams({ room, username, ...(admin ? { admin: 'true' } : {}) })
  const response = await fetch(`${appUrl}/api/livekit/token?${query}`, { headers: cookie ? { cookie } : {} })
  if (!response.ok) throw new Error(`no ${admin ? 'host' : 'viewer'} token for ${room}: ${response.status} ${await response.text()}`)
  return response.json()
}

/**
 * The host is on air (what the studio does after publishing): the show's record becomes live.
 * Waits first until LiveKit counts a publisher in the room, since a show is live only when it airs.
 * @param {string} appUrl
 * @param {string} cookie a host session
 * @param {string} room
 */
export async function goOnAir(appUrl, cookie, room, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await (await fetch(`${appUrl}/api/livekit/rooms/status?room=${encodeURIComponent(room)}`)).json()
    if (status.publishers > 0) break
    if (Date.now() > deadline) throw new Error(`nobody published in ${room} within ${timeoutMs / 1000} s`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
  const response = await fetch(`${appUrl}/api/shows/${encodeURIComponent(room)}/live`, { method: 'POST', headers: { cookie } })
  if (!response.ok) throw new Error(`show ${room} could not go live: ${response.status} ${await response.text()}`)
  return response.json()
}

/**
 * "Schedule again" on /shows: an ended show is scheduled once more (its studio can open again).
 * @param {string} appUrl
 * @param {string} cookie a host session
 * @param {string} room
 */
export async function scheduleAgain(appUrl, cookie, room) {
  const response = await fetch(`${appUrl}/api/shows/${encodeURIComponent(room)}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ status: 'scheduled' }),
  })
  if (!response.ok) throw new Error(`show ${room} could not be scheduled again: ${response.status} ${await response.text()}`)
  return response.json()
}
