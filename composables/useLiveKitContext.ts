// The original guide's `useLiveKitContext()`: the store's state as refs plus its actions. App code
// uses useLiveKit; this facade keeps the guide's API for code ported from it.
import { storeToRefs } from 'pinia'

export function useLiveKitContext() {
  const store = useLiveKitStore()
  const { currentRoom, isHostMode, viewerCount, isRecording, streamQuality, error } = storeToRefs(store)
  return {
    currentRoom,
    isHostMode,
    viewerCount,
    isRecording,
    streamQuality,
    error,
    connectToRoom: store.connectToRoom,
    disconnectFromRoom: store.disconnectFromRoom,
    clearError: store.clearError,
  }
}
