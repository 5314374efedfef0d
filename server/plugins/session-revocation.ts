// The browser asks /api/_auth/session (nuxt-auth-utils) who is signed in: a revoked session
// (rotated key, disabled account, bumped session_version) answers "nobody" and loses its cookie,
// so pages show the sign-in link instead of host controls that would all answer 401.
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session, event) => {
    if (!session.user || await sessionIsCurrent(session)) return
    await clearUserSession(event)
    for (const key of Object.keys(session)) {
      if (key !== 'id') Reflect.deleteProperty(session, key)
    }
  })
})
