// Which layout a streaming page shows: the touch layouts (MobileBroadcaster, MobilePlayer) on
// phones — narrow screens, and touch screens up to tablet width so a phone turned to landscape
// stays in the touch layout — and the desktop components otherwise. Live: follows resize/rotate.
export const MOBILE_QUERY = '(max-width: 767px), (pointer: coarse) and (max-width: 1024px)'

export function useMobileLayout() {
  return useMediaQuery(MOBILE_QUERY)
}
