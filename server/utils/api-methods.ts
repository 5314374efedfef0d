import { compileRoutePattern, type RoutePattern } from './route-patterns'

export interface RouteEntry {
  route: string
  /** Lowercase, or undefined for a handler of every method. */
  method?: string
  middleware?: boolean
}

// Nitro's catch-all for unknown /api paths (server/api/[...path].ts) knows no path.
const CATCH_ALL = '/api/**:path'

/**
 * For a path under /api: the methods its routes answer (uppercase, sorted), '*' when one of them
 * takes every method, or [] when no route knows the path (→ the catch-all's 404). Results are
 * remembered per path in a bounded map (route lookups are on every request).
 */
export function createAllowedMethods(entries: RouteEntry[], cacheSize = 2000) {
  const routes: Array<RoutePattern & { method?: string }> = entries
    .filter(entry => !entry.middleware && entry.route.startsWith('/api/') && entry.route !== CATCH_ALL)
    .map(entry => ({ ...compileRoutePattern(entry.route), method: entry.method }))
  const remembered = new Map<string, string[]>()
  return (path: string): string[] => {
    let methods = remembered.get(path)
    if (methods) return methods
    const found = new Set<string>()
    for (const route of routes) {
      if (route.test(path)) found.add(route.method ? route.method.toUpperCase() : '*')
    }
    methods = found.has('*') ? ['*'] : [...found].sort()
    if (remembered.size >= cacheSize) remembered.clear()
    remembered.set(path, methods)
    return methods
  }
}
