// Host accounts for tests that need a second host: ops create one, it signs in with email +
// password through the same route the /login form uses.
import { signIn } from './stack'

export interface NewHost {
  name: string
  email: string
  password: string
}

/** Creates a host account as ops (signing in with the ops key unless a cookie is given); returns its id. */
export async function createHostAccount(appUrl: string, host: NewHost, auth: { opsKey?: string, opsCookie?: string }): Promise<string> {
  const cookie = auth.opsCookie ?? await signIn(appUrl, auth.opsKey!)
  const response = await fetch(`${appUrl}/api/hosts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(host),
  })
  if (response.status !== 201) throw new Error(`createHostAccount ${host.email}: ${response.status} ${await response.text()}`)
  return (await response.json() as { id: string }).id
}

/** Signs a host account in with email + password; returns the session cookie. */
export async function signInHost(appUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`host sign-in ${email}: ${response.status} ${await response.text()}`)
  return response.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
}
