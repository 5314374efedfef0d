// Starts what an e2e file needs — the real LiveKit server and the built app — on free loopback
// ports, and stops them again (call stop() in afterAll; it is safe to call twice).
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startLiveKit } from '../../../scripts/livekit-server.mjs'
import { freeTcpPort, waitForHttp } from '../../../scripts/lib/process.mjs'

export const ROOT = resolve(import.meta.dirname, '../../..')
// LIVESHOP_SERVER_ENTRY runs the tests against another build (e.g. main's, to see a test fail before a fix).
export const SERVER_ENTRY = process.env.LIVESHOP_SERVER_ENTRY || resolve(ROOT, '.output/server/index.mjs')

export type LiveKit = Awaited<ReturnType<typeof startLiveKit>>

export interface AppServer {
  url: string
  port: number
  env: Record<string, string>
  process: ChildProcess
  output: () => string
  stop: () => Promise<void>
  /** Kills the process with the given signal and waits for it to exit. */
  kill: (signal?: NodeJS.Signals) => Promise<void>
}

/** Starts the built app; `entry` defaults to this checkout's .output (tests may start another build). */
export async function startApp(env: Record<string, string>, port?: number, entry = SERVER_ENTRY): Promise<AppServer> {
  const appPort = port ?? await freeTcpPort()
  const fullEnv: Record<string, string> = {
    ...process.env as Record<string, string>,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(appPort),
    ...env,
  }
  const child = spawn(process.execPath, [entry], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-50_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let stopping = false
  const exited = new Promise<void>(done => child.once('exit', (code, signal) => {
    // An app that dies mid-test shows up as "connection refused" later: say so where it happened.
    if (!stopping) process.stderr.write(`[liveshop] the app on port ${appPort} exited unexpectedly (${code ?? signal}); its last output:\n${output.slice(-4000)}\n`)
    done()
  }))
  const url = `http://127.0.0.1:${appPort}`
  try {
    await waitForHttp(`${url}/api/_auth/session`, { timeoutMs: 30_000, process: child })
  }
  catch (error) {
    stopping = true
    child.kill('SIGKILL')
    throw new Error(`the app did not start: ${(error as Error).message}\n${output}`, { cause: error })
  }
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    stopping = true
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return { url, port: appPort, env, process: child, output: () => output, stop: () => kill('SIGTERM'), kill }
}

export interface Stack {
  app: AppServer
  livekit: LiveKit
  hostKey: string
  opsKey: string
  sessionPassword: string
  /** The env the app was started with (to restart it identically). */
  appEnv: Record<string, string>
  stop: () => Promise<void>
}

export interface StackOptions {
  /** Extra env for the app. */
  env?: Record<string, string>
  /** LiveKit sends webhooks to the app (default true). */
  webhooks?: boolean
}

/** A real LiveKit server plus the built app configured against it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const appPort = await freeTcpPort()
  const webhookUrls = options.webhooks === false ? [] : [`http://127.0.0.1:${appPort}/api/livekit/webhook`]
  const livekit = await startLiveKit({ webhookUrls })
  const hostKey = `host-${randomBytes(12).toString('hex')}`
  const opsKey = `ops-${randomBytes(12).toString('hex')}`
  const sessionPassword = randomBytes(32).toString('hex')
  // LiveKit's webhooks land in a SQLite file of this stack's own (not the checkout's .data/),
  // unless the test chose a store; removed again by stop().
  const analyticsDir = mkdtempSync(join(tmpdir(), 'liveshop-stack-'))
  const appEnv = {
    ANALYTICS_SQLITE_PATH: join(analyticsDir, 'analytics.sqlite'),
    // Uploaded images too: a directory of this stack's own, removed with it.
    NUXT_UPLOADS_DIR: join(analyticsDir, 'uploads'),
    LIVEKIT_URL: livekit.wsUrl,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    HOST_ACCESS_KEY: hostKey,
    OPS_ACCESS_KEY: opsKey,
    NUXT_SESSION_PASSWORD: sessionPassword,
    ...options.env,
  }
  let app: AppServer
  try {
    app = await startApp(appEnv, appPort)
  }
  catch (error) {
    await livekit.stop()
    rmSync(analyticsDir, { recursive: true, force: true })
    throw error
  }
  return {
    app, livekit, hostKey, opsKey, sessionPassword, appEnv,
    stop: async () => {
      await app.stop()
      await livekit.stop()
      rmSync(analyticsDir, { recursive: true, force: true })
    },
  }
}

/** Signs in with an access key and returns the session cookie for fetch(). */
export async function signIn(appUrl: string, key: string): Promise<string> {
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
