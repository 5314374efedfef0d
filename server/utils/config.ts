/**
 * Resolved configuration. NUXT_* variables fill runtimeConfig; the names a deployment of the
 * React/Next original uses are read here as fallbacks, at run time, so the same env carries over.
 * Everything here is process-wide and read once: useRuntimeConfig(event) would re-apply the whole
 * environment on every request, which cost the token route 90 % of its throughput.
 */
export interface LiveKitConfig {
  /** ws(s) URL browsers connect to. */
  wsUrl: string
  /** http(s) URL for server APIs (RoomService, Egress). */
  httpUrl: string
  /** http(s) URL for the Egress API (defaults to httpUrl). */
  egressUrl: string
  apiKey: string
  apiSecret: string
}

function env(...names: string[]): string {
  for (const name of names) {
    const value = process.env[name]?.trim()
    if (value) return value
  }
  return ''
}

export function toHttpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://').replace(/\/+$/, '')
}

export function toWsUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, 'ws$1://').replace(/\/+$/, '')
}

/** LiveKit settings, or the names of the variables that are missing. */
let liveKitConfigCache: { config: LiveKitConfig } | { missing: string[] } | undefined

export function resolveLiveKitConfig(): { config: LiveKitConfig } | { missing: string[] } {
  liveKitConfigCache ??= readLiveKitConfig()
  return liveKitConfigCache
}

function readLiveKitConfig(): { config: LiveKitConfig } | { missing: string[] } {
  const rc = useRuntimeConfig().livekit
  const url = rc.url || env('LIVEKIT_URL', 'NEXT_PUBLIC_LIVEKIT_URL')
  const apiKey = rc.apiKey || env('LIVEKIT_API_KEY')
  const apiSecret = rc.apiSecret || env('LIVEKIT_API_SECRET')
  const missing: string[] = []
  if (!url) missing.push('LIVEKIT_URL (or NEXT_PUBLIC_LIVEKIT_URL / NUXT_LIVEKIT_URL)')
  if (!apiKey) missing.push('LIVEKIT_API_KEY')
  if (!apiSecret) missing.push('LIVEKIT_API_SECRET')
  if (missing.length) return { missing }
  const httpUrl = toHttpUrl(url)
  const egress = rc.egressUrl || env('LIVEKIT_EGRESS_URL')
  return {
    config: {
      wsUrl: toWsUrl(url),
      httpUrl,
      egressUrl: egress ? toHttpUrl(egress) : httpUrl,
      apiKey,
      apiSecret,
    },
  }
}

/**
 * The LiveKit settings, or a 503. The variables to set are logged for the operator (once), not told
 * to whoever called: environment names are internal detail.
 */
let missingLogged = false
export function requireLiveKitConfig(): LiveKitConfig {
  const resolved = resolveLiveKitConfig()
  if ('missing' in resolved) {
    if (!missingLogged) {
      missingLogged = true
      console.error(`[config] LiveKit is not configured: set ${resolved.missing.join(', ')} and restart.`)
    }
    throw createError({
      statusCode: 503,
      statusMessage: 'LiveKit not configured',
      message: 'Live video is not set up on this server yet. Please tell the site owner, or try again later.',
    })
  }
  return resolved.config
}

export interface AccessKeys {
  host: string
  ops: string
}

export function resolveAccessKeys(): AccessKeys {
  const rc = useRuntimeConfig()
  return {
    host: rc.hostAccessKey || env('HOST_ACCESS_KEY'),
    ops: rc.opsAccessKey || env('OPS_ACCESS_KEY'),
  }
}

export interface StorageConfig {
  bucket: string
  accessKey: string
  secretKey: string
  region: string
  endpoint: string
}

export function resolveStorageConfig(): StorageConfig {
  const rc = useRuntimeConfig().storage
  return {
    bucket: rc.bucket || env('CLOUD_STORAGE_BUCKET'),
    accessKey: rc.accessKey || env('CLOUD_STORAGE_ACCESS_KEY'),
    secretKey: rc.secretKey || env('CLOUD_STORAGE_SECRET_KEY'),
    region: rc.region || env('CLOUD_STORAGE_REGION'),
    endpoint: rc.endpoint || env('CLOUD_STORAGE_ENDPOINT'),
  }
}

export function resolveDatabaseUrl(): string {
  return useRuntimeConfig().databaseUrl || env('DATABASE_URL')
}

export const DEFAULT_SQLITE_PATH = '.data/analytics.sqlite'

/** The SQLite file of the embedded default (analytics, shows, products, orders, chat). */
export function resolveSqlitePath(): string {
  return useRuntimeConfig().analytics.sqlitePath || env('ANALYTICS_SQLITE_PATH') || DEFAULT_SQLITE_PATH
}

/** The PostgreSQL schema ('' = the URL's `?schema=` or the server default). */
export function resolveDbSchema(): string {
  return useRuntimeConfig().analytics.dbSchema || env('ANALYTICS_DB_SCHEMA')
}

/** Redis for Nitro's `cache` storage (server/plugins/cache-storage.ts); '' keeps it in memory. */
export function resolveCacheRedisUrl(): string {
  return useRuntimeConfig().cacheRedisUrl || env('REDIS_URL')
}
