import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { H3Event } from 'h3'
import type Redis from 'ioredis'

type Limiter = (name: string, points: number, duration: number) => RateLimiterAbstract

export interface LimiterOptions {
  /** Shared counters for every app instance on this Redis; none → this process's memory only. */
  redis?: Redis
  /** Redis key prefix (each limiter adds `<name>:<points>/<duration>s:`); apart from the cache's `liveshop:` keys. */
  prefix?: string
  /** Called when a count falls back to memory: once, then again only after Redis was ready again. */
  onFallback?: () => void
}

/** The insurance: the memory limiter, reporting that it is used (it only is when Redis failed). */
class FallbackMemory extends RateLimiterMemory {
  constructor(options: ConstructorParameters<typeof RateLimiterMemory>[0], private readonly onUse: () => void) {
    super(options)
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.onUse()
    return super.consume(...args)
  }

  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.onUse()
    return super.get(...args)
  }
}

/**
 * Limiters by name and budget. With Redis, all instances count in one place (N instances behind
 * a proxy must not give a client N× the budget); while Redis is down or slow, each instance counts
 * in its own memory (the `insuranceLimiter`: limits stay on, per instance) and no request waits
 * longer than the client's command timeout. The 429 and Retry-After are the same either way.
 */
export function createLimiters({ redis, prefix = 'rl:liveshop:', onFallback }: LimiterOptions = {}): Limiter {
  const limiters = new Map<string, RateLimiterAbstract>()
  let fellBack = false
  redis?.on('ready', () => {
    fellBack = false
  })
  const noteFallback = () => {
    if (fellBack) return
    fellBack = true
    onFallback?.()
  }
  return (name, points, duration) => {
    const key = `${name}:${points}:${duration}`
    let found = limiters.get(key)
    if (!found) {
      const memory = { keyPrefix: name, points, duration }
      found = redis
        ? new RateLimiterRedis({
            storeClient: redis,
            // The budget is part of the key, as it is of the memory limiter's identity: instances
            // (or tests) configured with different budgets must not spend each other's counts.
            keyPrefix: `${prefix}${name}:${points}/${duration}s`,
            points,
            duration,
            rejectIfRedisNotReady: true, // not connected → straight to memory, no attempt
            insuranceLimiter: new FallbackMemory(memory, noteFallback),
          })
        : new RateLimiterMemory(memory)
      limiters.set(key, found)
    }
    return found
  }
}

let limiter: Limiter | undefined

/** This app's limiter for `name` and budget: in Redis when one is configured, else in memory. */
export function sharedLimiter(name: string, points: number, duration: number): RateLimiterAbstract {
  limiter ??= createLimiters({
    redis: sharedRedis(),
    onFallback: () => console.warn('[rate-limit] Redis is unreachable: counting limits per app instance until it answers again'),
  })
  return limiter(name, points, duration)
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
    await sharedLimiter(name, Number(budget.points), Number(budget.durationSeconds)).consume(clientAddress(event))
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
  const shared = sharedLimiter(`${name}:all`, points, Number(budget.durationSeconds))
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
