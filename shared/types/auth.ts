/** What a signed-in session may do: hosts broadcast and record, ops watch analytics. */
export type SessionRole = 'host' | 'ops'
