#!/usr/bin/env node
// A camera-less host: publishes a moving test pattern with a quiet tone to a LiveKit room, so
// `npm run demo` has a show to watch at once and tests/benchmarks have a host without a camera.
//   import { startDemoPublisher } from './scripts/demo-publisher.mjs'
//   node scripts/demo-publisher.mjs <ws-url> <host-token>
import { pathToFileURL } from 'node:url'
import {
  AudioFrame, AudioSource, LocalAudioTrack, LocalVideoTrack, Room, TrackPublishOptions, TrackSource,
  VideoBufferType, VideoFrame, VideoSource, dispose,
} from '@livekit/rtc-node'

const BAR_COLOURS = [
  [235, 235, 235], [235, 235, 16], [16, 235, 235], [16, 235, 16],
  [235, 16, 235], [235, 16, 16], [16, 16, 235], [16, 16, 16],
]

/** RGBA colour bars with a bright band sweeping across, so a decoder visibly gets new frames. */
function paintFrame(buffer, width, height, tick) {
  const barWidth = Math.ceil(width / BAR_COLOURS.length)
  const band = (tick * 8) % width
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const inBand = x >= band && x < band + 24
      const [r, g, b] = inBand ? [255, 59, 107] : BAR_COLOURS[Math.min(BAR_COLOURS.length - 1, Math.floor(x / barWidth))]
      buffer[i] = r
      buffer[i + 1] = g
      buffer[i + 2] = b
      buffer[i + 3] = 255
    }
  }
}

/**
 * Connects with a host token and publishes video (camera source) and audio (microphone source).
 * Returns the Room and stop(), which unpublishes and disconnects.
 */
export async function startDemoPublisher({ url, token, width = 640, height = 360, fps = 15, toneHz = 440 }) {
  const room = new Room()
  await room.connect(url, token, { autoSubscribe: false, dynacast: true })

  const video = new VideoSource(width, height)
  const videoTrack = LocalVideoTrack.createVideoTrack('demo-camera', video)
  const videoOptions = new TrackPublishOptions()
  videoOptions.source = TrackSource.SOURCE_CAMERA
  videoOptions.simulcast = true
  await room.localParticipant.publishTrack(videoTrack, videoOptions)

  const sampleRate = 48_000
  const audio = new AudioSource(sampleRate, 1)
  const audioTrack = LocalAudioTrack.createAudioTrack('demo-microphone', audio)
  const audioOptions = new TrackPublishOptions()
  audioOptions.source = TrackSource.SOURCE_MICROPHONE
  await room.localParticipant.publishTrack(audioTrack, audioOptions)

  const rgba = new Uint8Array(width * height * 4)
  let tick = 0
  const videoTimer = setInterval(() => {
    paintFrame(rgba, width, height, tick++)
    video.captureFrame(new VideoFrame(rgba, width, height, VideoBufferType.RGBA))
  }, 1000 / fps)

  // 10 ms audio frames of a soft sine tone.
  const samples = sampleRate / 100
  let phase = 0
  let audioRunning = true
  const pumpAudio = async () => {
    while (audioRunning) {
      const pcm = new Int16Array(samples)
      for (let i = 0; i < samples; i++) {
        pcm[i] = Math.round(Math.sin(phase) * 3000)
        phase += (2 * Math.PI * toneHz) / sampleRate
      }
      phase %= 2 * Math.PI
      await audio.captureFrame(new AudioFrame(pcm, sampleRate, 1, samples))
    }
  }
  const audioDone = pumpAudio().catch(() => {})

  return {
    room,
    async stop() {
      clearInterval(videoTimer)
      audioRunning = false
      await audioDone
      await room.disconnect()
    },
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url, token] = process.argv.slice(2)
  if (!url || !token) {
    console.error('usage: node scripts/demo-publisher.mjs <ws-url> <host-token>')
    process.exit(2)
  }
  const publisher = await startDemoPublisher({ url, token })
  console.error(`[liveshop] demo publisher live in room ${publisher.room.name}`)
  const stop = async () => {
    await publisher.stop()
    await dispose()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
