// The viewer's cart for one show, kept on the device (localStorage) so a reload or a reconnect never
// empties it. It holds ids and quantities only: prices always come from the server (the quote).
import type { OrderItemInput } from '#shared/types/shop'

export interface CartLine extends OrderItemInput {
  variantId: string | null
  flashSaleId: string | null
}

const MAX_QUANTITY = 99

export function useCart(showId: MaybeRefOrGetter<string>) {
  const lines = useLocalStorage<CartLine[]>(() => `liveshop:cart:${toValue(showId)}`, [], { listenToStorageChanges: true })
  const count = computed(() => lines.value.reduce((sum, line) => sum + line.quantity, 0))
  const same = (a: CartLine, productId: string, variantId: string | null) => a.productId === productId && a.variantId === variantId

  function add(productId: string, variantId: string | null, quantity = 1, flashSaleId: string | null = null) {
    const found = lines.value.find(line => same(line, productId, variantId))
    if (found) {
      found.quantity = Math.min(MAX_QUANTITY, found.quantity + quantity)
      found.flashSaleId = flashSaleId
      lines.value = [...lines.value]
    }
    else {
      lines.value = [...lines.value, { productId, variantId, quantity: Math.min(MAX_QUANTITY, quantity), flashSaleId }]
    }
  }

  function setQuantity(productId: string, variantId: string | null, quantity: number) {
    lines.value = quantity <= 0
      ? lines.value.filter(line => !same(line, productId, variantId))
      : lines.value.map(line => same(line, productId, variantId) ? { ...line, quantity: Math.min(MAX_QUANTITY, quantity) } : line)
  }

  /** A flash sale ended: its lines go back to the regular price (the quote shows the new total). */
  function dropSale(flashSaleId: string) {
    if (lines.value.some(line => line.flashSaleId === flashSaleId)) {
      lines.value = lines.value.map(line => line.flashSaleId === flashSaleId ? { ...line, flashSaleId: null } : line)
    }
  }

  function clear() {
    lines.value = []
  }

  return { lines, count, add, setQuantity, dropSale, clear }
}
