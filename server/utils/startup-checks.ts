/** Access keys are guessable below this length (sign-in is rate limited, not impossible). */
export const MIN_ACCESS_KEY_LENGTH = 20

/**
 * Problems that must stop a production server from starting, as sentences naming the variable.
 * Unset keys are fine (nobody can sign in with that role); short ones are not.
 */
export function productionConfigProblems(keys: { host: string, ops: string }, proxyTrust: () => unknown): string[] {
  const problems: string[] = []
  for (const [name, value] of [['HOST_ACCESS_KEY', keys.host], ['OPS_ACCESS_KEY', keys.ops]] as const) {
    if (value && value.length < MIN_ACCESS_KEY_LENGTH) {
      problems.push(`${name} is ${value.length} characters long; use at least ${MIN_ACCESS_KEY_LENGTH} (e.g. openssl rand -base64 24).`)
    }
  }
  try {
    proxyTrust()
  }
  catch (error) {
    problems.push((error as Error).message)
  }
  return problems
}
