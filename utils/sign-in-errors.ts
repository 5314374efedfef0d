// What the sign-in forms say when the server refuses: its own message for a wrong key or password
// (401), and for the rate limit (429) when to try again, in minutes (the limits last minutes, and
// "Try again in 287 s" reads badly to a person).

interface FetchFailure {
  statusCode?: number
  data?: { message?: string }
  response?: { headers?: { get: (name: string) => string | null } }
}

export function retryAfterText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'in a few minutes'
  if (seconds < 60) return `in ${Math.ceil(seconds)} s`
  const minutes = Math.ceil(seconds / 60)
  return `in ${minutes} min`
}

export function signInErrorMessage(error: unknown): string {
  const failure = (error ?? {}) as FetchFailure
  if (failure.statusCode === 429) {
    const seconds = Number(failure.response?.headers?.get('retry-after') ?? /in (\d+) s/.exec(failure.data?.message ?? '')?.[1])
    return `Too many sign-in attempts. Try again ${retryAfterText(seconds)}.`
  }
  return failure.data?.message ?? 'Could not sign in. Check your connection and try again.'
}
