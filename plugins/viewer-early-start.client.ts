// A viewer's first frame waits on two downloads (the viewer token and livekit-client, ~130 KB) and
// on the WebRTC connection. On /watch/<show> all three start here, as the app boots — before
// hydration, before the player mounts and asks for them. The player's connect then adopts the
// connected Room (stores/livekit.ts), or takes this token and module if it is still on its way.
// The HTML preloads the module too (preloadLiveKitChunk).
export default defineNuxtPlugin({
  name: 'viewer-early-start',
  parallel: true,
  setup() {
    const match = /^\/watch\/([^/]+)\/?$/.exec(window.location.pathname)
    const roomName = match ? decodeURIComponent(match[1]!) : ''
    if (!isValidRoomName(roomName)) return
    // Token and module in parallel, then the connection itself: signalling, ICE and DTLS run while
    // Vue hydrates the page, and the player adopts the connected Room when it mounts. A failure
    // here is not shown: the player's own connect tries again and reports it.
    const request = { room: roomName, username: rememberedViewerName() }
    loadLiveKit().catch(() => {})
    prefetchLiveKitToken(request)
    useLiveKitStore().connectToRoom(request, { early: true }).catch(() => {})
  },
})
