// One process of the join storm (bench/join-storm.mjs): holds a share of the audience. Each viewer
// joins with the token the parent just got from the app's token route (hidden, subscribe-only
// grant; no decoding, so two cores can hold hundreds). Reports each join; leaves when told to.
import { Room, dispose } from '@livekit/rtc-node'

const rooms = []

async function join({ id, url, token }) {
  const started = performance.now()
  try {
    const viewer = new Room()
    await viewer.connect(url, token, { autoSubscribe: false, dynacast: false })
    rooms.push(viewer)
    process.send({ type: 'joined', id, connectMs: performance.now() - started, joinedAt: Date.now() })
  }
  catch (error) {
    process.send({ type: 'failed', id, error: String(error?.message ?? error).slice(0, 300) })
  }
}

process.on('message', async (message) => {
  if (message.type === 'join') await join(message)
  if (message.type === 'leave') {
    await Promise.allSettled(rooms.map(r => r.disconnect()))
    await dispose()
    process.exit(0)
  }
})
process.send({ type: 'ready' })
