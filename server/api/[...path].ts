// Unknown API paths (or a known path with the wrong method) answer JSON 404 instead of falling
// through to the page renderer.
export default defineEventHandler((event) => {
  const path = event.path.split('?')[0]
  throw createError({
    statusCode: 404,
    statusMessage: 'Not Found',
    message: `There is no ${event.method} ${path}. Check the method and the path.`,
  })
})
