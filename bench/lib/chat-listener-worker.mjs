// One process of listeners for the chat bench (bench/chat.mjs): hidden rtc-node participants that
// record when each chat message id first reached them. In their own process so that the time they
// read is not held up by the parent's 100 posts a second (one busy event loop would be measured as
// relay latency). The parent and this process share the machine's clock (Date.now()).
import { randomBytes } from 'node:crypto'
import { AccessToken } from 'livekit-server-sdk'
import { dispose, Room, RoomEvent } from '@livekit/rtc-node'

const listeners = new Map()
let setup

async function connect(index) {
  const { livekit, show, topic } = setup
  const listener = listeners.get(index) ?? { received: new Map(), lastBefore: undefined, room: null }
  listeners.set(index, listener)
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `listener-${index}-${randomBytes(3).toString('hex')}` })
  at.addGrant({ room: show, roomJoin: true, canSubscribe: false, canPublish: false, canPublishData: false, hidden: true })
  const room = new Room()
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, packetTopic) => {
    if (packetTopic !== topic || participant) return
    const now = Date.now()
    const packet = JSON.parse(new TextDecoder().decode(payload))
    for (const message of packet.messages) if (!listener.received.has(message.id)) listener.received.set(message.id, [now, 'live'])
  })
  await room.connect(livekit.wsUrl, await at.toJwt(), { autoSubscribe: false, dynacast: false })
  listener.room = room
}

/** What the page does after a reconnect: page forward from the newest id it had. */
async function refill(listener) {
  let after = listener.lastBefore
  let added = 0
  for (let page = 0; page < 100 && after; page++) {
    const response = await fetch(`${setup.appUrl}/api/shows/${setup.show}/chat?after=${after}&limit=100`)
    const { messages } = await response.json()
    for (const message of messages) {
      if (!listener.received.has(message.id)) {
        listener.received.set(message.id, [Date.now(), 'history'])
        added++
      }
    }
    if (messages.length < 100) break
    after = messages.at(-1).id
  }
  return added
}

const handlers = {
  async join({ indexes, ...rest }) {
    setup = rest
    for (let i = 0; i < indexes.length; i += 10) await Promise.all(indexes.slice(i, i + 10).map(connect))
  },
  async drop({ indexes }) {
    await Promise.all(indexes.map((index) => {
      const listener = listeners.get(index)
      listener.lastBefore = [...listener.received.keys()].sort().at(-1)
      return listener.room.disconnect()
    }))
  },
  async rejoin({ indexes }) {
    await Promise.all(indexes.map(connect))
    return Promise.all(indexes.map(index => refill(listeners.get(index))))
  },
  count: () => [...listeners.values()].reduce((sum, l) => sum + l.received.size, 0),
  report: () => Object.fromEntries([...listeners].map(([index, l]) => [index, [...l.received]])),
  async leave() {
    await Promise.allSettled([...listeners.values()].map(l => l.room?.disconnect()))
    await dispose()
    setImmediate(() => process.exit(0))
  },
}

process.on('message', async ({ id, type, ...args }) => {
  try {
    process.send({ id, result: await handlers[type](args) })
  }
  catch (error) {
    process.send({ id, error: String(error?.message ?? error) })
  }
})
process.send({ ready: true })
