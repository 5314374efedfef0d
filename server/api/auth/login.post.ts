import { BUILTIN_HOST_ID } from '../../db/schema/catalog'
import { z } from 'zod'

const loginSchema = z.object({ key: z.string({ error: 'is required' }).min(1, 'must not be empty').max(256, 'is too long') })

// One message for every wrong key: it must not tell a guesser anything. Two limits: attempts per
// client address, and failed attempts from all addresses together (a guesser with many addresses).
export default defineEventHandler(async (event) => {
  const config = useRuntimeConfig()
  const failures = sharedFailureBudget('login-failures', config.loginFailureLimit)
  await rateLimit(event, 'login', config.loginRateLimit)
  await failures.check(event)
  const { key } = await validBody(event, loginSchema)
  const role = roleForKey(event, key)
  if (!role) {
    await failures.fail()
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'That access key is not valid.' })
  }
  // A fresh session, stamped with the key's version: rotating the key signs it out.
  await startUserSession(event, role === 'host' ? { role, hostId: BUILTIN_HOST_ID, name: 'Host' } : { role })
  return { role }
})
