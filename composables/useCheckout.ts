// Checking out one show's cart: the server's quote (prices recomputed there, never here), placing
// the order with one idempotency key per attempt (a double tap or a retry after a timeout finds the
// same order), and the server's answer turned into what the sheet shows: per-field messages for a
// 400, the sold-out items or the ended sale for a 409, the confirmation for a 201.
import type { BuyerInput, OrderQuote, OrderResponse, SoldOutItem } from '#shared/types/shop'

interface ApiError { statusCode?: number, message?: string, data?: { code?: string, soldOut?: SoldOutItem[], flashSaleId?: string } }

function apiError(error: unknown): ApiError {
  const data = (error as { data?: ApiError })?.data
  return data && typeof data === 'object' ? data : { message: 'The shop could not be reached. Check your connection and try again.' }
}

export function useCheckout(showId: MaybeRefOrGetter<string>, cart: ReturnType<typeof useCart>) {
  const deviceId = useDeviceId()
  const quote = ref<OrderQuote | null>(null)
  const quoteError = ref<string | null>(null)
  const placing = ref(false)
  const error = ref<string | null>(null)
  const fields = ref<Record<string, string>>({})
  const soldOut = ref<SoldOutItem[]>([])
  const placed = ref<OrderResponse | null>(null)
  let idempotencyKey = crypto.randomUUID()

  const items = computed(() => cart.lines.value.map(({ productId, variantId, quantity, flashSaleId }) => ({ productId, variantId, quantity, flashSaleId })))
  // A different cart is a different order.
  watch(items, () => {
    idempotencyKey = crypto.randomUUID()
  }, { deep: true })

  async function refreshQuote() {
    if (!items.value.length) {
      quote.value = null
      return
    }
    try {
      quote.value = await $fetch<OrderQuote>('/api/orders/quote', { method: 'POST', body: { showId: toValue(showId), items: items.value } })
      quoteError.value = null
    }
    catch (cause) {
      const failure = apiError(cause)
      if (failure.data?.code === 'flash_sale_ended' && failure.data.flashSaleId) {
        cart.dropSale(failure.data.flashSaleId)
        return // the cart changed; the watcher asks again
      }
      quoteError.value = failure.message ?? 'Prices could not be loaded.'
    }
  }
  const refreshSoon = useDebounceFn(refreshQuote, 250)
  watch(items, () => void refreshSoon(), { deep: true })

  async function placeOrder(buyer: BuyerInput) {
    if (placing.value) return
    placing.value = true
    error.value = null
    fields.value = {}
    soldOut.value = []
    try {
      placed.value = await $fetch<OrderResponse>('/api/orders', {
        method: 'POST',
        body: { showId: toValue(showId), items: items.value, buyer, idempotencyKey, deviceId: deviceId.value },
      })
      cart.clear()
      idempotencyKey = crypto.randomUUID()
    }
    catch (cause) {
      const failure = apiError(cause)
      error.value = failure.message ?? 'The order could not be placed.'
      if (failure.statusCode === 400 && failure.message) fields.value = fieldErrorsFrom(failure.message).fields
      if (failure.data?.soldOut) soldOut.value = failure.data.soldOut
      if (failure.data?.code === 'flash_sale_ended' && failure.data.flashSaleId) cart.dropSale(failure.data.flashSaleId)
    }
    finally {
      placing.value = false
    }
  }

  function reset() {
    placed.value = null
    error.value = null
    fields.value = {}
    soldOut.value = []
  }

  return { quote, quoteError, refreshQuote, placing, error, fields, soldOut, placed, placeOrder, reset }
}
