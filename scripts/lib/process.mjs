// Small process helpers shared by the demo, the test runner, e2e support and benchmarks.
import { createServer } from 'node:net'
import { createSocket } from 'node:dgram'

export function log(message) {
  process.stderr.write(`[liveshop] ${message}\n`)
}

export function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4')
    socket.on('error', reject)
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address()
      socket.close(() => resolve(port))
    })
  })
}

/** True when something already listens on 127.0.0.1:port. */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(true))
    server.listen(port, host, () => server.close(() => resolve(false)))
  })
}

/**
 * Polls `url` until it answers with any HTTP status below 500.
 * @param {string} url
 * @param {{ timeoutMs?: number, process?: import('node:child_process').ChildProcess }} [options]
 */
export async function waitForHttp(url, { timeoutMs = 30_000, process: child } = {}) {
  const deadline = Date.now() + timeoutMs
  let lastError = 'no answer'
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered`)
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (response.status < 500) return
      lastError = `HTTP ${response.status}`
    }
    catch (error) {
      lastError = error.cause?.code ?? error.message
    }
    await new Promise(resolve => setTimeout(resolve, 150))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`)
}
