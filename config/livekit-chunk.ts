import { realpathSync } from 'node:fs'
import { relative, resolve } from 'node:path'

/**
 * livekit-client's key in Vite's client manifest: the real path of the file the browser build
 * imports (its "import" export), relative to the project root. node_modules may be a link to a
 * shared install, which Vite follows, so the key is computed rather than written down. The server
 * renderer adds it to a page's modules to preload the chunk (utils/livekit-client.ts).
 */
export function liveKitClientModuleId(rootDir: string): string {
  return relative(realpathSync(rootDir), realpathSync(resolve(rootDir, 'node_modules/livekit-client/dist/livekit-client.esm.mjs'))).split('\\').join('/')
}
