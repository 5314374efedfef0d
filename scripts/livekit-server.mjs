#!/usr/bin/env node
// Obtains and runs the real LiveKit server on loopback.
//   import { startLiveKit } from './scripts/livekit-server.mjs'   (tests, demo, bench)
//   node scripts/livekit-server.mjs [--port 7880]                  (by hand; Ctrl-C stops it)
import { spawn, execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { pathToFileURL } from 'node:url'
import { LIVEKIT_VERSION, liveKitConfig } from '../livekit/config.mjs'
import { freeTcpPort, freeUdpPort, waitForHttp, log } from './lib/process.mjs'

const run = promisify(execFile)

export const CACHE_DIR = process.env.LIVESHOP_CACHE_DIR ?? join(homedir(), '.cache', 'live-shop')
const cachedBinary = join(CACHE_DIR, `livekit-server-${LIVEKIT_VERSION}`, 'server')

async function versionOf(binary) {
  try {
    const { stdout } = await run(binary, ['--version'])
    return stdout.trim().split(/\s+/).pop()
  }
  catch {
    return null
  }
}

/** Path of a livekit-server binary of the pinned version: PATH, then cache, else `go install`. */
export async function ensureLiveKitBinary() {
  const onPath = await versionOf('livekit-server')
  if (onPath === LIVEKIT_VERSION) return 'livekit-server'
  if (existsSync(cachedBinary) && (await versionOf(cachedBinary)) === LIVEKIT_VERSION) return cachedBinary

  const gobin = join(CACHE_DIR, `livekit-server-${LIVEKIT_VERSION}`)
  mkdirSync(gobin, { recursive: true })
  log(`livekit: building livekit-server ${LIVEKIT_VERSION} with Go into ${gobin} (first time only; about 2–5 minutes on 2 cores)…`)
  const started = Date.now()
  const ticker = setInterval(() => log(`livekit: still building… ${Math.round((Date.now() - started) / 1000)} s`), 15_000)
  try {
    await new Promise((resolve, reject) => {
      const child = spawn('go', ['install', `github.com/livekit/livekit-server/cmd/server@v${LIVEKIT_VERSION}`], {
        env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
        stdio: ['ignore', 'inherit', 'inherit'],
      })
      child.on('error', error => reject(new Error(`could not run Go (${error.message}). Install Go ≥ 1.22 or put livekit-server ${LIVEKIT_VERSION} on PATH.`)))
      child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))))
    })
  }
  finally {
    clearInterval(ticker)
  }
  log(`livekit: built in ${Math.round((Date.now() - started) / 1000)} s`)
  return cachedBinary
}

/**
 * Starts a LiveKit server on free loopback ports (or the given ones) and waits until it answers.
 * Returns its URLs, keys and a stop() that ends it (SIGTERM, then SIGKILL after 5 s).
 */
export async function startLiveKit(options = {}) {
  // A "free" port is only free when we looked: another process (often an outgoing connection's
  // source port) can take it before livekit-server binds. Ports we chose are chosen again.
  const portsChosenHere = options.port === undefined && options.tcpPort === undefined && options.udpPort === undefined
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options)
    }
    catch (error) {
      if (!portsChosenHere || attempt >= 3 || !/address already in use/.test(error.message)) throw error
      log(`livekit: a chosen port was taken before livekit-server bound it; trying other ports (attempt ${attempt + 1})`)
    }
  }
}

/**
 * The environment without what livekit-server would read as configuration: it maps LIVEKIT_<FIELD>
 * onto its config (LIVEKIT_PORT=7880 in the demo's environment gave a second node the first one's
 * port) and reads NODE_IP, UDP_PORT, REDIS_HOST, REDIS_PASSWORD as flags. The config body says it all.
 */
function liveKitEnv() {
  const flags = new Set(['NODE_IP', 'UDP_PORT', 'REDIS_HOST', 'REDIS_PASSWORD'])
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LIVEKIT_') && !flags.has(name)))
}

async function startOnce(options) {
  const binary = await ensureLiveKitBinary()
  const port = options.port ?? await freeTcpPort()
  const tcpPort = options.tcpPort ?? await freeTcpPort()
  const udpPort = options.udpPort ?? await freeUdpPort()
  const apiKey = options.apiKey ?? 'devkey'
  const apiSecret = options.apiSecret ?? randomBytes(24).toString('base64url')
  const config = liveKitConfig({ port, tcpPort, udpPort, apiKey, apiSecret, webhookUrls: options.webhookUrls, redis: options.redis, nodeSelector: options.nodeSelector })

  const child = spawn(binary, ['--config-body', JSON.stringify(config)], {
    env: liveKitEnv(),
    stdio: ['ignore', options.quiet === false ? 'inherit' : 'pipe', options.quiet === false ? 'inherit' : 'pipe'],
  })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })))

  const httpUrl = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(httpUrl, { timeoutMs: 30_000, process: child })
  }
  catch (error) {
    child.kill('SIGKILL')
    throw new Error(`livekit-server did not start: ${error.message}\n${output}`, { cause: error })
  }

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }

  return {
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    port, tcpPort, udpPort, apiKey, apiSecret, config,
    process: child,
    exited,
    output: () => output,
    stop,
  }
}

// CLI: run a server in the foreground.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const portArg = process.argv.indexOf('--port')
  const lk = await startLiveKit({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 7880, quiet: false })
  log(`livekit: ready at ${lk.wsUrl} (API key ${lk.apiKey}, secret ${lk.apiSecret}). Ctrl-C stops it.`)
  const shutdown = async () => {
    await lk.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}
