// What the benchmarks run against: the real LiveKit server, the built app, a camera-less host
// (the demo publisher) and headless Chromium — all on loopback, all stopped by stop().
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { AccessToken } from 'livekit-server-sdk'
import { startLiveKit } from '../../scripts/livekit-server.mjs'
import { startDemoPublisher } from '../../scripts/demo-publisher.mjs'
import { freeTcpPort, log, waitForHttp } from '../../scripts/lib/process.mjs'

export const ROOT = resolve(import.meta.dirname, '../..')

export const CHROMIUM_FLAGS = [
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
  '--no-first-run', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required',
]

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS })
}

/**
 * Shows are records and LiveKit rooms exist only for them (room.auto_create is off): signs in with
 * the host key and creates the show (an existing one is fine). Returns the host session cookie.
 */
export async function createBenchShow(appUrl, hostKey, id, fields = {}) {
  const login = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: hostKey }) })
  if (!login.ok) throw new Error(`bench: host sign-in failed (${login.status})`)
  const cookie = login.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  const response = await fetch(`${appUrl}/api/shows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ id, title: id, ...fields }),
  })
  if (!response.ok && response.status !== 409) throw new Error(`bench: could not create show ${id} (${response.status}): ${await response.text()}`)
  return cookie
}

/** A host token from the app's own route (which opens the show's room). */
export async function hostToken(appUrl, cookie, room) {
  const response = await fetch(`${appUrl}/api/livekit/token?${new URLSearchParams({ room, username: 'Bench host', admin: 'true' })}`, { headers: { cookie } })
  if (!response.ok) throw new Error(`bench: no host token for ${room} (${response.status}): ${await response.text()}`)
  return (await response.json()).token
}

/** @param {{ env?: Record<string, string> }} [options] extra environment for the app */
export async function startBenchStack({ env = {} } = {}) {
  if (!existsSync(resolve(ROOT, '.output/server/index.mjs')) || process.env.BENCH_BUILD === '1') {
    log('bench: building the app (nuxt build)…')
    const result = spawnSync(resolve(ROOT, 'node_modules/.bin/nuxi'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
    if (result.status !== 0) throw new Error('nuxt build failed')
  }
  const livekit = await startLiveKit({})
  const port = await freeTcpPort()
  const hostKey = `host-${randomBytes(12).toString('hex')}`
  const opsKey = `ops-${randomBytes(12).toString('hex')}`
  // A database of this run's own (not the checkout's .data/), removed by stop().
  const dataDir = mkdtempSync(join(tmpdir(), 'liveshop-bench-'))
  const app = spawn(process.execPath, [resolve(ROOT, '.output/server/index.mjs')], {
    env: {
      ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port),
      ANALYTICS_SQLITE_PATH: join(dataDir, 'app.sqlite'),
      LIVEKIT_URL: livekit.wsUrl, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret,
      HOST_ACCESS_KEY: hostKey, OPS_ACCESS_KEY: opsKey, NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'),
      ...env,
    },
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}`
  await waitForHttp(`${url}/api/_auth/session`, { timeoutMs: 30_000, process: app })
  const publishers = []

  return {
    url, livekit, hostKey, opsKey, pid: app.pid,
    createShow: (room, fields) => createBenchShow(url, hostKey, room, fields),
    async publish(room) {
      const cookie = await createBenchShow(url, hostKey, room)
      const publisher = await startDemoPublisher({ url: livekit.wsUrl, token: await hostToken(url, cookie, room) })
      publishers.push(publisher)
      return publisher
    },
    /** A show viewers can open at /watch/<id>, with the demo publisher live in it. */
    async createLiveShow(id) {
      await this.publish(id)
      return id
    },
    async viewerToken(room, identity) {
      const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, name: identity })
      at.addGrant({ room, roomJoin: true, canSubscribe: true, canPublish: false, hidden: true })
      return at.toJwt()
    },
    async stop() {
      for (const publisher of publishers) await publisher.stop().catch(() => {})
      app.kill('SIGTERM')
      await livekit.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
