// Our routes answer bad input with one message per problem: "title: must not be empty; price: …".
// Forms split it back into errors per field (the part before the first ":" is the field's path).

export type FieldErrors = Record<string, string>

export function fieldErrorsFrom(message: string | undefined): { fields: FieldErrors, other: string } {
  const fields: FieldErrors = {}
  const other: string[] = []
  for (const part of (message ?? '').split('; ')) {
    const match = /^([\w.]+): (.+)$/s.exec(part.trim())
    if (match) fields[match[1]!] ??= match[2]!
    else if (part.trim()) other.push(part.trim())
  }
  return { fields, other: other.join(' ') }
}

/** The server's message from a $fetch error, or a fallback a person can act on. */
export function errorMessage(error: unknown, fallback: string): string {
  return (error as { data?: { message?: string } })?.data?.message ?? fallback
}
