// Low fetch priority for a page's module scripts and their preloads (server/plugins/home-script-priority.ts).
const MODULE_PRELOAD = /<link\b([^>]*?)\brel="modulepreload"(?![^>]*\bfetchpriority=)/g
const MODULE_SCRIPT = /<script\b([^>]*?)\btype="module"(?![^>]*\bfetchpriority=)/g

/** The same HTML with fetchpriority="low" on every module script and modulepreload that has none. */
export function lowerScriptPriority(html: string): string {
  return html
    .replace(MODULE_PRELOAD, '<link$1rel="modulepreload" fetchpriority="low"')
    .replace(MODULE_SCRIPT, '<script$1type="module" fetchpriority="low"')
}
