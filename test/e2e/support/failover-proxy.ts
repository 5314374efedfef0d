// A TCP front for LiveKit nodes, standing in for the load balancer a cluster has in production
// (LIVEKIT_URL is one name for all nodes). Each connection goes to the first target that accepts
// it: the preferred node while it is up, the next one once its port refuses (a killed node). Bytes
// are piped unchanged (HTTP, WebSocket signalling); media never passes here — ICE goes straight
// to the room's node. It counts connections per target so tests can say where signalling landed.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export interface FailoverProxy {
  port: number
  wsUrl: string
  /** Connections accepted per target port. */
  connections: Map<number, number>
  /** Refuse every connection (and drop the open ones) until release(): LiveKit unreachable. */
  hold: () => void
  release: () => void
  close: () => Promise<void>
}

export async function startFailoverProxy(targetPorts: number[]): Promise<FailoverProxy> {
  const sockets = new Set<Socket>()
  const connections = new Map<number, number>()
  let held = false
  const server = createServer((client) => {
    if (held) {
      client.destroy()
      return
    }
    sockets.add(client)
    client.once('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    const attempt = (index: number) => {
      if (index >= targetPorts.length || client.destroyed) {
        client.destroy()
        return
      }
      const port = targetPorts[index]!
      const upstream = connect(port, '127.0.0.1')
      sockets.add(upstream)
      upstream.once('close', () => sockets.delete(upstream))
      let connected = false
      upstream.once('connect', () => {
        connected = true
        connections.set(port, (connections.get(port) ?? 0) + 1)
        client.pipe(upstream)
        upstream.pipe(client)
        client.once('close', () => upstream.destroy())
        upstream.once('close', () => client.destroy())
      })
      upstream.on('error', () => {
        if (connected) client.destroy()
        else attempt(index + 1)
      })
    }
    attempt(0)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    connections,
    hold: () => {
      held = true
      for (const socket of sockets) socket.destroy()
    },
    release: () => {
      held = false
    },
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}
