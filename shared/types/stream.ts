// Types for live media state shared by the streaming components, the stats composable
// (useStreamStats; its maths is utils/live-metrics) and the analytics issue (which stores
// StreamStats samples server-side).

/** What a viewer asked for. Auto lets adaptive streaming pick the layer that fits the player. */
export type StreamQuality = 'auto' | 'high' | 'medium' | 'low'

/** livekit-client's ConnectionState values, as plain strings (no runtime import needed). */
export type LiveKitConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'signalReconnecting'

/** livekit-client's ConnectionQuality values. */
export type ConnectionQualityLevel = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown'

/** One sample of WebRTC statistics, taken once a second. Null = not measured (yet). */
export interface StreamStats {
  /** Sample time (ms since epoch). */
  at: number
  /** Media sent per second, all tracks and simulcast layers (kbit/s). */
  bitrateUpKbps: number
  /** Media received per second (kbit/s). */
  bitrateDownKbps: number
  /** Round-trip time to the SFU (ms). */
  rttMs: number | null
  /** Jitter of received (viewer) or reported by the SFU (host) media (ms). */
  jitterMs: number | null
  /** Packets lost in the last interval (percent). */
  packetLossPct: number | null
  /** Frames per second sent (host, highest layer) or decoded (viewer). */
  fps: number | null
  /** Frame size sent (highest layer) or decoded. */
  width: number | null
  height: number | null
  connectionQuality: ConnectionQualityLevel
}

/** Capture presets a host can choose; resolutions match livekit-client's VideoPresets. */
export type CapturePreset = '360p' | '720p' | '1080p'

export interface PublishSettings {
  preset: CapturePreset
  /** Send several layers so viewers on weak links get a smaller one. */
  simulcast: boolean
  /** Upper bound for the top layer (kbit/s). */
  maxBitrateKbps: number
}

/** What LiveKitBroadcaster emits as `metrics-update` once a second. */
export interface BroadcastMetrics extends StreamStats {
  viewerCount: number
  durationSeconds: number
  isRecording: boolean
}
