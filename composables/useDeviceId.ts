// A random id this device keeps (localStorage): flash sale limits count it next to the email, and
// conversion analytics count viewers reached by it. Not a fingerprint: clearing site data resets it.
export function useDeviceId() {
  return useLocalStorage('liveshop:device-id', () => crypto.randomUUID())
}
