// The name a viewer joins (and chats) under: remembered on the device; a guest gets a friendly
// generated one the first time.
export const VIEWER_NAME_KEY = 'liveshop:viewer-name'

export function newGuestName(): string {
  return `Guest ${Math.floor(1000 + Math.random() * 9000)}`
}

/**
 * The remembered name, created and stored now if there is none (browser only). Where the browser
 * refuses storage (site data blocked, quota full) the guest name is for this page only.
 */
export function rememberedViewerName(): string {
  const name = safely(() => localStorage.getItem(VIEWER_NAME_KEY)) || newGuestName()
  safely(() => localStorage.setItem(VIEWER_NAME_KEY, name))
  return name
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read()
  }
  catch {
    return undefined
  }
}
