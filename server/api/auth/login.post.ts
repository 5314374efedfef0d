import { BUILTIN_HOST_ID } from '../../db/schema/catalog'
import { z } from 'zod'

const keySchema = z.object({ key: z.string({ error: 'is required' }).min(1, 'must not be empty').max(256, 'is too long') })
// Host accounts sign in with email + password; the access keys keep working as before.
const loginSchema = z.union([keySchema, hostSignInSchema], { error: 'Send { key } or { email, password }.' })

// One message for every wrong key: it must not tell a guesser anything. Two limits: attempts per
// client address, and failed attempts from all addresses together (a guesser with many addresses).
export default defineEventHandler(async (event) => {
  const config = useRuntimeConfig()
  const failures = sharedFailureBudget('login-failures', config.loginFailureLimit)
  await rateLimit(event, 'login', config.loginRateLimit)
  await failures.check(event)
  const body = await validBody(event, loginSchema)
  if ('email' in body) {
    const host = await verifyHostPassword(body.email, body.password)
    if (!host) {
      await failures.fail()
      throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'That email and password do not match an active host.' })
    }
    await startUserSession(event, { role: 'host', hostId: host.id, name: host.name })
    return { role: 'host' as const }
  }
  const { key } = body
  const role = roleForKey(event, key)
  if (!role) {
    await failures.fail()
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'That access key is not valid.' })
  }
  // A fresh session, stamped with the key's version: rotating the key signs it out.
  await startUserSession(event, role === 'host' ? { role, hostId: BUILTIN_HOST_ID, name: 'Host' } : { role })
  return { role }
})
