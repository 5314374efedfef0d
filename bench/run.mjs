#!/usr/bin/env node
// `npm run bench [name…]`: runs the benchmarks and prints their figures (never pass/fail).
const benches = {
  status: () => import('./status.mjs'),
  viewer: () => import('./viewer.mjs'),
  webhooks: () => import('./webhooks.mjs'),
  shop: () => import('./shop.mjs'),
  lighthouse: () => import('./lighthouse.mjs'),
  storm: () => import('./join-storm.mjs'),
  chat: () => import('./chat.mjs'),
  fuzz: () => import('./fuzz.mjs'),
  home: () => import('./home.mjs'),
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches)
for (const name of wanted) {
  const load = benches[name]
  if (!load) {
    console.error(`unknown bench "${name}"; choose from: ${Object.keys(benches).join(', ')}`)
    process.exit(2)
  }
  await (await load()).run()
}
// rtc-node participants used by some benches keep native handles open after they disconnect.
const { dispose } = await import('@livekit/rtc-node')
await dispose()
process.exit(0)
