// Unknown API paths answer JSON 404 instead of falling through to the page renderer.
export default defineEventHandler((event) => {
  throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `There is no API at ${event.path.split('?')[0]}.` })
})
