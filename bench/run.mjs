#!/usr/bin/env node
// `npm run bench`: every benchmark in turn; each prints its own figures (none passes or fails).
import { run as viewer } from './viewer.mjs'

await viewer()
const { dispose } = await import('@livekit/rtc-node')
await dispose()
process.exit(0)
