import { createPageCache } from './page-cache'

/** The home page's rendered copy for visitors without a session (server/middleware/home-page-cache.ts). */
export const homePageCache = createPageCache({ freshMs: 2_000, staleMs: 10_000 })
