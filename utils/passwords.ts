// A password ops can hand to a host: random from the browser's CSPRNG, without look-alike
// characters (0/O, 1/l/I) because it is read out or typed from a message.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 56).
  const limit = 256 - (256 % ALPHABET.length)
  for (const byte of bytes) {
    if (byte < limit) out += ALPHABET[byte % ALPHABET.length]
    if (out.length === length) return out
  }
  return out + generatePassword(length - out.length)
}
