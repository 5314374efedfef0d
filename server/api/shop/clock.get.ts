// The server's clock, so a device whose clock is off still counts a flash sale down to the right second.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { now: Date.now() }
})
