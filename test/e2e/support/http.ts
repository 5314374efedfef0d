// Low-level HTTP for the hardening and fuzz tests: streamed (chunked) bodies that fetch() cannot
// stop sending, the app's memory from /proc, and the list of /api routes read from server/api/.
import { request } from 'node:http'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ROOT } from './stack'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** Bytes of the request body written before the answer came (or the connection closed). */
  sent: number
}

/**
 * Sends `totalBytes` of `chunk` repeated, chunked (no Content-Length) unless `contentLength` is
 * given, and stops writing as soon as the server answers. Resolves with the answer.
 */
export function streamedPost(url: string, options: { method?: string, headers?: Record<string, string>, totalBytes: number, chunk?: Buffer, contentLength?: number }): Promise<RawResponse> {
  const chunk = options.chunk ?? Buffer.alloc(64 * 1024, 'a')
  return new Promise((resolve, reject) => {
    let sent = 0
    let answered = false
    const headers: Record<string, string> = { ...options.headers }
    // Node's client only chunks POST/PUT/PATCH by default; a DELETE body would go out unframed.
    if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength)
    else headers['transfer-encoding'] = 'chunked'
    const req = request(url, { method: options.method ?? 'POST', headers, agent: false })
    req.on('response', (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (part: string) => (body += part))
      const done = () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent })
        req.destroy()
      }
      res.on('end', done)
      res.on('error', done)
    })
    req.on('error', (error) => {
      if (!answered) reject(Object.assign(error, { sent }))
    })
    // One chunk per timer tick, like an upload over a network: Node's client only surfaces an
    // early answer between writes (a tight write loop would race the server's close).
    const pump = () => {
      if (answered) return
      if (sent >= options.totalBytes) {
        req.end()
        return
      }
      const part = chunk.subarray(0, Math.min(chunk.length, options.totalBytes - sent))
      sent += part.length
      if (req.write(part)) setTimeout(pump, 1)
      else req.once('drain', () => setTimeout(pump, 1))
    }
    pump()
  })
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

export interface ApiRoute {
  /** e.g. /api/shows/:id */
  path: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Route parameter names, e.g. ['id']. */
  params: string[]
}

/**
 * Every /api route of this checkout, from server/api/'s file names (x.get.ts, [id].patch.ts, …),
 * so routes added later are covered without editing the tests. The catch-all is left out.
 */
export function apiRoutes(): ApiRoute[] {
  const base = join(ROOT, 'server/api')
  const routes: ApiRoute[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(full)
        continue
      }
      const match = /^(.*?)(?:\.(get|post|put|patch|delete))?\.ts$/.exec(relative(base, full))
      if (!match || match[1]!.includes('[...')) continue
      const segments = match[1]!.split('/').filter((segment, i, all) => !(segment === 'index' && i === all.length - 1))
      const params: string[] = []
      const path = `/api/${segments.map((segment) => {
        const param = /^\[(\w+)\]$/.exec(segment)
        if (!param) return segment
        params.push(param[1]!)
        return `:${param[1]}`
      }).join('/')}`.replace(/\/$/, '')
      routes.push({ path, method: (match[2]?.toUpperCase() ?? 'GET') as ApiRoute['method'], params })
    }
  }
  walk(base)
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
}

/** Fills `:param`s with a value (default: a harmless id). */
export function fillPath(path: string, value: (name: string) => string = () => 'fuzz-1'): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(value(name)))
}
