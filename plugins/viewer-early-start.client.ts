// A viewer's first frame waits on the viewer token, livekit-client (~130 KB) and the WebRTC join.
// On /watch/<show> all three start as this file is evaluated with the app's entry chunk: before
// Nuxt's start-up (router, payload, the plugins before this one — ~150 ms on a phone) and before
// hydration, which the join then overlaps. The player claims the connected Room when it mounts
// (utils/early-viewer-connection.ts). The HTML preloads livekit-client too (preloadLiveKitChunk).

/**
 * The join this page will make: only where the server rendered the player's placeholder (a show
 * that is live or scheduled; not an ended or unknown one, whose token would be refused anyway).
 */
function watchPageRequest() {
  if (!document.querySelector('[data-early-join]')) return null
  const match = /^\/watch\/([^/]+)\/?$/.exec(window.location.pathname)
  const roomName = match ? decodeURIComponent(match[1]!) : ''
  return isValidRoomName(roomName) ? { room: roomName, username: rememberedViewerName() } : null
}

// This runs while the entry chunk is evaluated: a throw here (a malformed URL, storage the browser
// refuses) would stop the whole app from starting. Without the early join the player joins itself.
try {
  const request = watchPageRequest()
  if (request) startEarlyConnection(request)
}
catch {
  // The player's own connect follows, and reports what goes wrong.
}

// The work above needs no Nuxt app; this plugin only gives the file its place in the entry chunk.
export default defineNuxtPlugin({ name: 'viewer-early-start', parallel: true, setup() {} })
