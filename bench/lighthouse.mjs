#!/usr/bin/env node
// Lighthouse 12, its default mobile run (simulated slow 4G, 4× CPU slowdown, moto-g-power screen), on
// the home page and on /watch/<show> while the show is live. Prints the four category scores and
// the metrics behind performance, median of BENCH_LIGHTHOUSE_RUNS runs (default 3). Goals
// (issue 12): watch ≥ 90 performance, 100 accessibility, 100 best practices; home ≥ 95 performance.
// Never fails on them. Lighthouse scales the CPU time it observes, so a busy machine lowers the
// performance score: run it on a quiet one for the figure that counts.
//   node bench/lighthouse.mjs          (or `npm run bench lighthouse`)
//   BENCH_LIGHTHOUSE_PAGES=home        only the home page (home, watch; both by default)
//   BENCH_LIGHTHOUSE_REPORTS=dir       also keeps every run's full JSON report there
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { median, startBenchStack } from './lib/stack.mjs'

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3)
const PAGES = (process.env.BENCH_LIGHTHOUSE_PAGES ?? 'home,watch').split(',').map(name => name.trim())
const REPORTS = process.env.BENCH_LIGHTHOUSE_REPORTS
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo']
const METRICS = [
  ['first-contentful-paint', 'FCP'], ['largest-contentful-paint', 'LCP'], ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'], ['speed-index', 'SI'],
]
// The WebRTC stream needs loopback ICE candidates; nothing else differs from a default Chrome.
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-loopback-in-peer-connection', '--disable-quic']

const shortUrl = url => (url.startsWith('http') ? new URL(url).pathname.split('/').pop() || 'document' : url)

const rect = r => `${r[0]},${r[1]} ${r[2]}×${r[3]}`

/**
 * Which boxes moved, when and by how much: a CLS figure alone says nothing about where to look.
 * Lighthouse's own `layout-shifts` audit names the element and its root cause, but with Debian's
 * Chromium 156 its RootCauses gatherer fails ("reading 'frame_sequence'"), so the trace's
 * LayoutShift events stand in: old → new rectangle (CSS px) of each moved node.
 */
function layoutShifts(result) {
  const audited = result.lhr.audits['layout-shifts']?.details?.items ?? []
  if (audited.length) return audited.map(item => `${item.score.toFixed(3)} ${item.node?.selector ?? item.node?.snippet ?? '?'}${(item.subItems?.items ?? []).map(sub => ` (${sub.cause})`).join('')}`)
  const events = result.artifacts?.Trace?.traceEvents ?? []
  const start = events.find(e => e.name === 'navigationStart')?.ts ?? events[0]?.ts ?? 0
  return events.filter(e => e.name === 'LayoutShift' && e.args?.data?.score > 0.001).map((e) => {
    const { score, impacted_nodes: nodes = [] } = e.args.data
    return `${score.toFixed(3)} at ${Math.round((e.ts - start) / 1000)} ms: ${nodes.map(n => `${rect(n.old_rect)} → ${rect(n.new_rect)}`).join(', ')}`
  })
}

/** One Lighthouse run in a fresh Chromium (cold cache, no service worker). */
async function audit(url, label) {
  const chrome = await launch({ chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS })
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES })
    const { lhr } = result
    if (REPORTS) {
      mkdirSync(REPORTS, { recursive: true })
      writeFileSync(join(REPORTS, `${label.split(' ')[0]}-${Date.now()}.json`), JSON.stringify(lhr))
    }
    const failed = Object.values(lhr.audits)
      .filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map(a => a.id)
    return {
      scores: Object.fromEntries(CATEGORIES.map(id => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])),
      metrics: Object.fromEntries(METRICS.map(([id]) => [id, lhr.audits[id]?.numericValue ?? Number.NaN])),
      failed,
      runtimeError: lhr.runtimeError?.message,
      benchmarkIndex: lhr.environment?.benchmarkIndex,
      // Where the main thread went (Lighthouse's own attribution, simulated phone CPU): the reason
      // behind a total blocking time, printed beside the score.
      bootup: (lhr.audits['bootup-time']?.details?.items ?? []).slice(0, 4)
        .map(item => `${shortUrl(item.url)} ${Math.round(item.total)} ms`),
      shifts: layoutShifts(result),
      // What held the first paint back, with the time Lighthouse estimates each one costs.
      blocking: (lhr.audits['render-blocking-resources']?.details?.items ?? [])
        .map(item => `${shortUrl(item.url)} ${Math.round(item.wastedMs)} ms`),
      documentBytes: lhr.audits['network-requests']?.details?.items?.find(item => item.resourceType === 'Document')?.transferSize,
    }
  }
  finally {
    await chrome.kill()
  }
}

function format(id, value) {
  return id === 'cumulative-layout-shift' ? value.toFixed(3) : `${Math.round(value).toLocaleString('en')} ms`
}

async function page(label, url, goals) {
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await audit(url, label))
  const scores = Object.fromEntries(CATEGORIES.map(id => [id, median(runs.map(r => r.scores[id]))]))
  const metrics = Object.fromEntries(METRICS.map(([id]) => [id, median(runs.map(r => r.metrics[id]))]))
  const failed = [...new Set(runs.flatMap(r => r.failed))]
  console.log(`lighthouse ${label} (mobile, median of ${RUNS}): performance ${scores.performance} · accessibility ${scores.accessibility} · best practices ${scores['best-practices']} · SEO ${scores.seo}   (goals: ${goals})`)
  console.log(`  performance runs: ${runs.map(r => r.scores.performance).join(', ')}; ${METRICS.map(([id, short]) => `${short} ${format(id, metrics[id])}`).join(' · ')}`)
  const middle = runs.find(r => r.scores.performance === scores.performance) ?? runs[0]
  console.log(`  main thread by script (run scoring ${middle.scores.performance}, Lighthouse CPU benchmark ${Math.round(middle.benchmarkIndex ?? 0)}): ${middle.bootup.join(' · ')}`)
  if (middle.blocking.length) console.log(`  render-blocking (run scoring ${middle.scores.performance}): ${middle.blocking.join(' · ')}; HTML ${middle.documentBytes ?? '?'} B on the wire`)
  runs.forEach((r, i) => {
    if (r.shifts.length) console.log(`  layout shifts in run ${i + 1}: ${r.shifts.join(' · ')}`)
  })
  if (failed.length) console.log(`  audits not passed in some run: ${failed.join(', ')}`)
  for (const error of new Set(runs.map(r => r.runtimeError).filter(Boolean))) console.log(`  lighthouse error: ${error}`)
  return { scores, metrics, failed }
}

export async function run() {
  const stack = await startBenchStack()
  try {
    const show = await stack.createLiveShow('lighthouse-show')
    const results = {}
    if (PAGES.includes('home')) results.home = await page('home /', `${stack.url}/`, 'performance ≥ 95')
    if (PAGES.includes('watch')) results.watch = await page(`watch /watch/${show}`, `${stack.url}/watch/${show}`, 'performance ≥ 90, accessibility 100, best practices 100')
    return results
  }
  finally {
    await stack.stop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run()
  const { dispose } = await import('@livekit/rtc-node')
  await dispose()
  process.exit(0)
}
