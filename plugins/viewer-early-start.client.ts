// A viewer's first frame waits on two downloads: the viewer token and livekit-client (~130 KB).
// On /watch/<show> both start here, as the app boots — before hydration, before the player mounts
// and asks for them. The player's connect then takes this token (fetchLiveKitToken) and the
// module already on its way (loadLiveKit). The HTML preloads the module too (preloadLiveKitChunk).
export default defineNuxtPlugin({
  name: 'viewer-early-start',
  parallel: true,
  setup() {
    const match = /^\/watch\/([^/]+)\/?$/.exec(window.location.pathname)
    const roomName = match ? decodeURIComponent(match[1]!) : ''
    if (!isValidRoomName(roomName)) return
    loadLiveKit().catch(() => {}) // a failure shows when the player asks for it
    prefetchLiveKitToken({ roomName, username: rememberedViewerName() })
  },
})
