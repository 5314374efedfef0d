// Unknown API paths answer JSON 404 instead of falling through to the page renderer (a known path
// with the wrong method got 405 + Allow from server/middleware/request-guard.ts already).
export default defineEventHandler((event) => {
  const path = event.path.split('?')[0]
  throw createError({
    statusCode: 404,
    statusMessage: 'Not Found',
    message: `There is no ${event.method} ${path}. Check the method and the path.`,
  })
})
