import type { StreamQuality } from '#shared/types/stream'

/** The viewer's quality menu, in order, for both player layouts. */
export const STREAM_QUALITY_OPTIONS: ReadonlyArray<{ value: StreamQuality, label: string }> = [
  { value: 'auto', label: 'Auto' },
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
]
