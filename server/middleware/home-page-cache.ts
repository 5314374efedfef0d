// GET / without a session (no cookie, no session header): the same page for everyone, so a copy
// rendered at most 2 s ago is served (up to 10 s old while one request renders the next), with
// this response's own CSP nonce (server/utils/page-cache.ts). Signed-in hosts and ops always get
// a fresh render; the data itself comes from /api/home's shared 2 s cache either way.
import { renonce } from '../utils/page-cache'
import { requestHasSession } from '../utils/session-presence'

export default defineEventHandler((event) => {
  if ((event.method !== 'GET' && event.method !== 'HEAD') || event.path !== '/') return
  if (requestHasSession(event)) return
  const found = homePageCache.lookup()
  if ('capture' in found) {
    event.context.homePageCapture = found.capture
    return
  }
  const { body, headers } = renonce(found.page, event.context.security?.nonce)
  setResponseHeaders(event, headers)
  setResponseStatus(event, found.page.statusCode)
  return body
})
