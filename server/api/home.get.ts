import type { HomeResponse } from '#shared/types/home'

// Public: the home page's sections (live now with viewer counts and first products, starting soon,
// recently ended). One shared 2 s cache for every visitor (server/utils/home-shows.ts). Not under
// /api/shows/, where it would hide a show called "home".
export default defineEventHandler(async (event): Promise<HomeResponse> => {
  const home = await cachedHome()
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return home
})
