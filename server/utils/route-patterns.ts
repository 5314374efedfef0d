// Matching request paths against route patterns written the way Nitro writes its routes
// (`/api/shows/:id`, `/api/uploads/**`, `/api/**:path`) — used by the request guard for its policy
// table and for "405 Method Not Allowed" on a known path. Pure: no Nitro imports, unit-tested.

export interface RoutePattern {
  pattern: string
  test: (path: string) => boolean
  /** Static routes sort before dynamic ones; fewer wildcards = more specific. */
  specificity: number
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * `:name` and `*` match one non-empty segment; `**` (or `**:name`) matches the rest of the path,
 * also nothing. Everything else matches literally (case-sensitive, like Nitro's router).
 */
export function compileRoutePattern(pattern: string): RoutePattern {
  const segments = pattern.replace(/\/+$/, '').split('/').slice(1)
  let source = '^'
  let dynamic = 0
  for (const segment of segments) {
    if (segment.startsWith('**')) {
      source += '(?:/.*)?'
      dynamic += 100
      break
    }
    if (segment === '*' || segment.startsWith(':')) {
      source += '/[^/]+'
      dynamic += 1
      continue
    }
    source += `/${escape(segment)}`
  }
  const regex = new RegExp(`${source}/?$`)
  return { pattern, test: path => regex.test(path), specificity: dynamic }
}

/** The path without query string or fragment; '' → '/'. */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/)
  return (end === -1 ? url : url.slice(0, end)) || '/'
}

/** Finds the most specific matching pattern (static beats `:param` beats `**`). */
export function createRouteTable<T>(entries: Array<[pattern: string, value: T]>) {
  const exact = new Map<string, T>()
  const dynamic: Array<RoutePattern & { value: T }> = []
  for (const [pattern, value] of entries) {
    const compiled = compileRoutePattern(pattern)
    if (compiled.specificity === 0) exact.set(pattern.replace(/\/+$/, '') || '/', value)
    else dynamic.push({ ...compiled, value })
  }
  dynamic.sort((a, b) => a.specificity - b.specificity)
  return {
    lookup(path: string): T | undefined {
      const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
      const found = exact.get(clean)
      if (found !== undefined) return found
      return dynamic.find(entry => entry.test(clean))?.value
    },
  }
}
