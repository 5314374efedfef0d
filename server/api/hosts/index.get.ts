import type { HostAccount } from '#shared/types/hosts'

// Ops: every host account.
export default defineEventHandler(async (event): Promise<{ hosts: HostAccount[] }> => {
  await requireRole(event, 'ops')
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { hosts: await listHostAccounts() }
})
