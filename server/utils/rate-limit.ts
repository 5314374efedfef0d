import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { H3Event } from 'h3'

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

export interface RateBudget {
  points: number
  durationSeconds: number
}

/** 429 with Retry-After (seconds) and a message that says when to try again. */
function tooManyRequests(event: H3Event, msBeforeNext: number, who = 'your network') {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000))
  setResponseHeader(event, 'Retry-After', seconds)
  return createError({
    statusCode: 429,
    statusMessage: 'Too Many Requests',
    message: `Too many requests from ${who}. Try again in ${seconds} s.`,
  })
}

/**
 * Counts one request from this client (clientAddress: proxy-aware, see client-address.ts)
 * against `name`'s budget; over budget → 429.
 */
export async function rateLimit(event: H3Event, name: string, budget: RateBudget) {
  try {
    await limiter(name, Number(budget.points), Number(budget.durationSeconds)).consume(clientAddress(event))
  }
  catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    throw tooManyRequests(event, rejection.msBeforeNext)
  }
}

/**
 * A budget shared by all clients together, spent only by failures (e.g. wrong sign-in keys from
 * many addresses): while it is spent, `check` refuses everyone with 429.
 */
export function sharedFailureBudget(name: string, budget: RateBudget) {
  const points = Number(budget.points)
  const shared = limiter(`${name}:all`, points, Number(budget.durationSeconds))
  return {
    async check(event: H3Event) {
      const state = await shared.get('all')
      if (state && state.consumedPoints >= points) throw tooManyRequests(event, state.msBeforeNext, 'everyone together (too many failed attempts on this server)')
    },
    async fail() {
      await shared.consume('all').catch((rejection) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
      })
    },
  }
}
