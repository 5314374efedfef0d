#!/usr/bin/env node
// Obtains and runs stripe-mock (Stripe's official API double) on loopback, for the card payment tests.
//   import { startStripeMock } from './scripts/stripe-mock.mjs'
// It answers every API call with valid-shaped objects but keeps no state and sends no webhooks:
// tests sign webhook payloads themselves with the SDK's webhooks.generateTestHeaderString.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CACHE_DIR } from './livekit-server.mjs'
import { freeTcpPort, log, waitForHttp } from './lib/process.mjs'

export const STRIPE_MOCK_VERSION = '0.203.0'
const gobin = join(CACHE_DIR, `stripe-mock-${STRIPE_MOCK_VERSION}`)
const binary = join(gobin, 'stripe-mock')

/** Path of the cached stripe-mock binary; `go install` from the Go module proxy the first time (~5 s). */
export async function ensureStripeMock() {
  if (existsSync(binary)) return binary
  mkdirSync(gobin, { recursive: true })
  log(`stripe-mock: building ${STRIPE_MOCK_VERSION} with Go into ${gobin} (first time only)…`)
  await new Promise((resolve, reject) => {
    const child = spawn('go', ['install', `github.com/stripe/stripe-mock@v${STRIPE_MOCK_VERSION}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', error => reject(new Error(`could not run Go (${error.message}). Install Go ≥ 1.22.`)))
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`go install stripe-mock exited with ${code}`))))
  })
  return binary
}

/** Starts stripe-mock on a free loopback port; `url` is the API base for the SDK. */
export async function startStripeMock() {
  const path = await ensureStripeMock()
  const port = await freeTcpPort()
  const child = spawn(path, ['-http-addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk).slice(-10_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  try {
    // Any path answers (401 without a key), which is enough to know it listens.
    await waitForHttp(`${url}/v1/charges`, { timeoutMs: 20_000, process: child })
  }
  catch (error) {
    child.kill('SIGKILL')
    throw new Error(`stripe-mock did not start: ${error.message}\n${output}`, { cause: error })
  }
  const exited = new Promise(resolve => child.once('exit', resolve))
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await exited
    },
  }
}
