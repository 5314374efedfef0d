#!/usr/bin/env node
// Obtains and runs gofakes3 — a small S3-compatible server (PUT/GET/HEAD/DELETE/list, path-style
// buckets) — on loopback, for the tests of uploads stored in a bucket (CLOUD_STORAGE_*).
//   import { startFakeS3 } from './scripts/fake-s3.mjs'
// It keeps objects in memory and does not check request signatures: the tests prove that the app
// stores and serves its files through the S3 protocol, not AWS's access control.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CACHE_DIR } from './livekit-server.mjs'
import { freeTcpPort, log, waitForHttp } from './lib/process.mjs'

export const GOFAKES3_VERSION = '1.2.0'
const gobin = join(CACHE_DIR, `gofakes3-${GOFAKES3_VERSION}`)
const binary = join(gobin, 'gofakes3')

/** Path of the cached gofakes3 binary; `go install` from the Go module proxy the first time (~20 s). */
export async function ensureFakeS3() {
  if (existsSync(binary)) return binary
  mkdirSync(gobin, { recursive: true })
  log(`gofakes3: building ${GOFAKES3_VERSION} with Go into ${gobin} (first time only)…`)
  await new Promise((resolve, reject) => {
    const child = spawn('go', ['install', `github.com/johannesboyne/gofakes3/cmd/gofakes3@v${GOFAKES3_VERSION}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', error => reject(new Error(`could not run Go (${error.message}). Install Go ≥ 1.22.`)))
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`go install gofakes3 exited with ${code}`))))
  })
  return binary
}

/**
 * Starts gofakes3 on a free loopback port with `bucket` created; `url` is the S3 endpoint.
 * @param {{ bucket: string }} options
 */
export async function startFakeS3({ bucket }) {
  const path = await ensureFakeS3()
  const port = await freeTcpPort()
  const child = spawn(path, ['-backend', 'memory', '-host', `127.0.0.1:${port}`, '-initialbucket', bucket], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk).slice(-10_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${url}/${bucket}`, { timeoutMs: 20_000, process: child })
  }
  catch (error) {
    child.kill('SIGKILL')
    throw new Error(`gofakes3 did not start: ${error.message}\n${output}`, { cause: error })
  }
  const exited = new Promise(resolve => child.once('exit', resolve))
  return {
    url,
    port,
    bucket,
    /** Keys of every object in the bucket (ListObjects, path-style). */
    keys: async () => {
      const xml = await (await fetch(`${url}/${bucket}`)).text()
      return [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map(match => match[1])
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await exited
    },
  }
}
