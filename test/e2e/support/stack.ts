// What an e2e file starts — the real LiveKit server and the built app — on free loopback ports, and
// stops again (call stop() in afterAll; it is safe to call twice). The starting itself is
// scripts/lib/stack.mjs, shared with `npm run demo` and the benchmarks; this file gives it types.
import type { ChildProcess } from 'node:child_process'
import * as shared from '../../../scripts/lib/stack.mjs'
import type { startLiveKit } from '../../../scripts/livekit-server.mjs'

export const ROOT: string = shared.ROOT
export const SERVER_ENTRY: string = shared.SERVER_ENTRY

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
export function startApp(env: Record<string, string>, port?: number, entry = SERVER_ENTRY): Promise<AppServer> {
  return shared.startApp(env, { port, entry }) as Promise<AppServer>
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

/** A real LiveKit server plus the built app configured against it (database and uploads of its own). */
export function startStack(options: StackOptions = {}): Promise<Stack> {
  return shared.startStack(options) as Promise<Stack>
}

/** Signs in with an access key and returns the session cookie for fetch(). */
export function signIn(appUrl: string, key: string): Promise<string> {
  return shared.signIn(appUrl, key)
}
