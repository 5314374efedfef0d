// A counting HTTP proxy in front of the real LiveKit server: forwards every request unchanged and
// counts them by path, so tests can say how many RoomService calls the app made.
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CountingProxy {
  url: string
  /** Where requests go, e.g. the LiveKit server's http URL (may be set after start). */
  target: string
  counts: Map<string, number>
  count: (method: string) => number
  reset: () => void
  close: () => Promise<void>
}

export async function startCountingProxy(target = ''): Promise<CountingProxy> {
  const proxy: CountingProxy = {
    url: '',
    target,
    counts: new Map(),
    // Twirp paths end in the method name: /twirp/livekit.RoomService/ListRooms.
    count: method => [...proxy.counts].filter(([path]) => path.endsWith(`/${method}`)).reduce((sum, [, n]) => sum + n, 0),
    reset: () => proxy.counts.clear(),
    close: async () => {},
  }
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    proxy.counts.set(path, (proxy.counts.get(path) ?? 0) + 1)
    const upstream = request(new URL(path, proxy.target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(String(error))
    })
    req.pipe(upstream)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () => new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
  return proxy
}
