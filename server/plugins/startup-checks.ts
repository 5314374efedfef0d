// A production server refuses to start with settings that would make it unsafe (short access
// keys, an unreadable NUXT_TRUST_PROXY): it says what to fix and exits, rather than run guessable.
export default defineNitroPlugin(() => {
  if (import.meta.dev || process.env.NODE_ENV !== 'production') return
  const problems = productionConfigProblems(resolveAccessKeys(), useProxyTrust)
  if (!problems.length) return
  console.error(`[config] refusing to start:\n  - ${problems.join('\n  - ')}`)
  process.exit(1)
})
