// While a show is live, the studio sends a small JPEG of its own camera preview to the server every
// ~30 s (POST /api/shows/:id/snapshot), so the home page's cards show a recent frame instead of a
// cover. The first one goes a few seconds after going live (cards change soon after a show
// starts). Frames are drawn from the preview <video> the host already sees: no second camera, no
// extra track. Skipped while the tab is hidden (the preview is then often frozen); failures are
// logged and never bother the host: a card with an older frame is no reason to interrupt a show.
import type { Ref } from 'vue'

const MAX_BYTES = 50 * 1024
const FIRST_DELAY_MS = 5_000
const INTERVAL_MS = 30_000
/** Cards are at most ~480 px wide on screen; wider frames only cost bytes. */
const MAX_WIDTH = 640
const QUALITIES = [0.8, 0.65, 0.5, 0.35]

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', quality))
}

/** The video's current frame as a JPEG ≤ maxBytes: lower quality first, then smaller, or null. */
async function captureJpeg(video: HTMLVideoElement, maxBytes = MAX_BYTES): Promise<Blob | null> {
  if (!video.videoWidth || !video.videoHeight) return null
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d')
  if (!context) return null
  let width = Math.min(MAX_WIDTH, video.videoWidth)
  while (width >= 120) {
    canvas.width = Math.round(width)
    canvas.height = Math.round(width * video.videoHeight / video.videoWidth)
    context.drawImage(video, 0, 0, canvas.width, canvas.height)
    for (const quality of QUALITIES) {
      const blob = await toJpeg(canvas, quality)
      if (blob && blob.size <= maxBytes) return blob
    }
    width *= 0.7
  }
  return null
}

export interface StudioSnapshotOptions {
  firstDelayMs?: number
  intervalMs?: number
}

export function useStudioSnapshot(showId: () => string, video: Readonly<Ref<HTMLVideoElement | null>>, live: Readonly<Ref<boolean>>, options: StudioSnapshotOptions = {}) {
  const visibility = useDocumentVisibility()
  const lastSentAt = ref<number | null>(null)
  let busy = false

  async function send() {
    const element = video.value
    if (busy || !live.value || visibility.value === 'hidden' || !element) return
    busy = true
    try {
      const jpeg = await captureJpeg(element)
      if (!jpeg) return
      await $fetch(`/api/shows/${encodeURIComponent(showId())}/snapshot`, { method: 'POST', body: jpeg, headers: { 'content-type': 'image/jpeg' } })
      lastSentAt.value = Date.now()
    }
    catch (error) {
      console.warn('[studio] snapshot not sent:', error instanceof Error ? error.message : error)
    }
    finally {
      busy = false
    }
  }

  const every = useIntervalFn(send, options.intervalMs ?? INTERVAL_MS, { immediate: false })
  const first = useTimeoutFn(send, options.firstDelayMs ?? FIRST_DELAY_MS, { immediate: false })
  watch(live, (on) => {
    if (on) {
      first.start()
      every.resume()
    }
    else {
      first.stop()
      every.pause()
    }
  }, { immediate: true })

  return { lastSentAt, send }
}
