import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { H3Event } from 'h3'

/** The client address; X-Forwarded-For only when NUXT_TRUST_PROXY says a proxy sets it. */
export function clientAddress(event: H3Event): string {
  const trustProxy = String(useRuntimeConfig().trustProxy) === 'true'
  return getRequestIP(event, { xForwardedFor: trustProxy }) ?? 'unknown'
}

const limiters = new Map<string, RateLimiterMemory>()

function limiter(name: string, points: number, duration: number): RateLimiterMemory {
  const key = `${name}:${points}:${duration}`
  let found = limiters.get(key)
  if (!found) {
    found = new RateLimiterMemory({ keyPrefix: name, points, duration })
    limiters.set(key, found)
  }
  return found
}

/**
 * Counts one request from this client against `name`'s budget; over budget → 429 with
 * Retry-After (seconds) and a message that says when to try again.
 */
export async function rateLimit(event: H3Event, name: string, budget: { points: number, durationSeconds: number }) {
  try {
    await limiter(name, Number(budget.points), Number(budget.durationSeconds)).consume(clientAddress(event))
  }
  catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
    setResponseHeader(event, 'Retry-After', seconds)
    throw createError({
      statusCode: 429,
      statusMessage: 'Too Many Requests',
      message: `Too many requests from your network. Try again in ${seconds} s.`,
    })
  }
}
