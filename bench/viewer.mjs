#!/usr/bin/env node
// Viewer performance budget (issue 3), printed as figures — nothing here passes or fails:
//  - time from navigation to the first decoded frame (median of 5 fresh viewer pages; 6 each,
//    alternating with LiveKit Meet's /custom page on the same stream when Meet is built: bench/meet-setup.mjs)
//  - JavaScript on the wire before that frame (the browser's transferSize, i.e. as compressed and sent)
//  - the viewer tab's JS heap after 60 s, and its trend over the run (BENCH_HEAP_SECONDS, default 300)
//  - the host tab's CPU with 1 and with 20 viewers
//   node bench/viewer.mjs          (or `npm run bench`)
import { pathToFileURL } from 'node:url'
import { Room } from '@livekit/rtc-node'
import { launchChromium, median, startBenchStack } from './lib/stack.mjs'
import { meetBuild, startMeet } from './lib/meet.mjs'

/** Records when the first `selector` video shows its first decoded frame. */
const firstFrameProbe = selector => `
  window.__firstFrameAt = null
  new MutationObserver((_, observer) => {
    const video = document.querySelector(${JSON.stringify(selector)})
    if (!video) return
    observer.disconnect()
    video.requestVideoFrameCallback(() => { window.__firstFrameAt = performance.now() })
  }).observe(document, { childList: true, subtree: true })
`

/** A cold page (new context: empty cache) at `url`, until its first decoded frame. */
export async function firstFrame(browser, url, selector = '[data-testid="player-video"]') {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.addInitScript(firstFrameProbe(selector))
  await page.goto(url)
  await page.waitForFunction(() => window.__firstFrameAt !== null, undefined, { timeout: 30_000 })
  // Bytes as the browser received them (transferSize: compressed body + headers), for every script
  // requested before the frame; decodedBodySize is what it had to parse.
  const { at, scripts } = await page.evaluate(() => ({
    at: window.__firstFrameAt,
    scripts: performance.getEntriesByType('resource')
      .filter(entry => new URL(entry.name).pathname.endsWith('.js') && entry.startTime < window.__firstFrameAt)
      .map(entry => ({ name: entry.name, transfer: entry.transferSize, decoded: entry.decodedBodySize })),
  }))
  await context.close()
  const sum = key => scripts.reduce((total, s) => total + s[key], 0) / 1024
  return { ms: at, wireKB: sum('transfer'), decodedKB: sum('decoded'), scripts }
}

async function heapTrend(browser, stack, room, seconds) {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${stack.url}/watch/${room}`)
  const cdp = await page.context().newCDPSession(page)
  const samples = []
  const started = Date.now()
  for (let t = 30; t <= seconds; t += 30) {
    await new Promise(resolve => setTimeout(resolve, started + t * 1000 - Date.now()))
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    samples.push({ t, mb: usedSize / 1024 / 1024 })
  }
  await page.context().close()
  return samples
}

async function hostCpu(browser, stack, room, viewers, seconds = 20) {
  await stack.createShow(room)
  const page = await (await browser.newContext()).newPage()
  // The studio needs a host session: sign in through the page's own form.
  await page.goto(`${stack.url}/login?redirect=/broadcast/${room}`)
  await page.fill('#access-key', stack.hostKey)
  await page.click('[data-testid="key-form"] button[type="submit"]')
  await page.waitForFunction(() => (document.querySelector('[data-testid="host-preview"]')?.videoWidth ?? 0) > 0, undefined, { timeout: 30_000 })
  await page.click('[data-testid="go-live"]')
  await page.waitForSelector('[data-phase="live"]')
  const rooms = []
  for (let i = 0; i < viewers; i++) {
    const synthetic = new Room()
    await synthetic.connect(stack.livekit.wsUrl, await stack.viewerToken(room, `cpu-viewer-${i}`), { autoSubscribe: true, dynacast: false })
    rooms.push(synthetic)
  }
  await new Promise(resolve => setTimeout(resolve, 5000)) // settle: subscriptions, layers
  const browserCdp = await browser.newBrowserCDPSession()
  const cpu = async () => (await browserCdp.send('SystemInfo.getProcessInfo')).processInfo.reduce((sum, p) => sum + p.cpuTime, 0)
  const before = await cpu()
  await new Promise(resolve => setTimeout(resolve, seconds * 1000))
  const used = (await cpu()) - before
  await Promise.all(rooms.map(r => r.disconnect()))
  await page.context().close()
  return (used / seconds) * 100
}

export async function run({ heapSeconds = Number(process.env.BENCH_HEAP_SECONDS ?? 300) } = {}) {
  const stack = await startBenchStack()
  const browser = await launchChromium()
  const figures = {}
  try {
    await stack.publish('bench-show')
    const runs = []
    const meet = meetBuild() ? await startMeet() : null
    const meetRuns = []
    // Alternating app and Meet pages in one run, so load on the machine hits both alike.
    for (let i = 0; i < (meet ? 6 : 5); i++) {
      runs.push(await firstFrame(browser, `${stack.url}/watch/bench-show`))
      if (meet) meetRuns.push(await firstFrame(browser, meet.pageUrl(stack.livekit.wsUrl, await stack.viewerToken('bench-show', `meet-${i}`)), 'video'))
    }
    await meet?.stop()
    figures.firstFrameMs = median(runs.map(r => r.ms))
    figures.jsBeforeFirstFrameKB = median(runs.map(r => r.wireKB))
    console.log(`viewer: navigation → first decoded frame, median of ${runs.length}: ${Math.round(figures.firstFrameMs)} ms (runs: ${runs.map(r => Math.round(r.ms)).join(', ')}; budget ≤ 1500 ms)`)
    console.log(`viewer: JavaScript on the wire before that frame: ${figures.jsBeforeFirstFrameKB.toFixed(1)} KB transferred in ${runs[0].scripts.length} files, ${median(runs.map(r => r.decodedKB)).toFixed(0)} KB once decoded (goal ≤ 240 KB on the wire)`)
    if (meet) {
      figures.meetFirstFrameMs = median(meetRuns.map(r => r.ms))
      figures.meetJsKB = median(meetRuns.map(r => r.wireKB))
      console.log(`LiveKit Meet /custom (${meetBuild()}), same stream, alternating: first frame median ${Math.round(figures.meetFirstFrameMs)} ms (runs: ${meetRuns.map(r => Math.round(r.ms)).join(', ')}); JS on the wire ${figures.meetJsKB.toFixed(1)} KB in ${meetRuns[0].scripts.length} files`)
      console.log(`  app ÷ Meet: first frame ${(figures.firstFrameMs / figures.meetFirstFrameMs).toFixed(2)} (goal ≤ 0.75), JS on the wire ${(figures.jsBeforeFirstFrameKB / figures.meetJsKB).toFixed(2)} (goal ≤ 0.7)`)
    }
    else {
      console.log('LiveKit Meet: not built here, app alone (`node bench/meet-setup.mjs` builds it for the side-by-side run)')
    }
    const largest = [...runs[0].scripts].sort((a, b) => b.transfer - a.transfer).slice(0, 4)
    console.log(`  largest: ${largest.map(s => `${new URL(s.name).pathname.split('/').pop()} ${(s.transfer / 1024).toFixed(1)} KB`).join(' · ')}`)

    const heap = await heapTrend(browser, stack, 'bench-show', heapSeconds)
    figures.heap = heap
    console.log(`viewer: JS heap after GC: ${heap.map(s => `${s.t} s ${s.mb.toFixed(1)} MB`).join(' · ')} (budget < 50 MB at 60 s, flat)`)

    // One browser process for the host alone, so its CPU is the host's.
    await browser.close()
    for (const viewers of [1, 20]) {
      const hostBrowser = await launchChromium()
      const percent = await hostCpu(hostBrowser, stack, `cpu-show-${viewers}`, viewers)
      figures[`hostCpuPercent${viewers}`] = percent
      console.log(`host: browser CPU with ${viewers} viewer${viewers > 1 ? 's' : ''}: ${percent.toFixed(0)} % of one core`)
      await hostBrowser.close()
    }
    return figures
  }
  finally {
    await browser.close().catch(() => {})
    await stack.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run()
  const { dispose } = await import('@livekit/rtc-node')
  await dispose()
  process.exit(0)
}
