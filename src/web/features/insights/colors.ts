// One colour per meaning across the dashboards (Mantine's palette, readable in light and dark).
export const SERIES_COLORS = {
  won: '#0ca678',
  lost: '#e03131',
  no_decision: '#868e96',
  open: '#1c7ed6',
  closed: '#0ca678',
  commit: '#1971c2',
  best_case: '#74c0fc',
  pipeline: '#ced4da',
  weighted: '#f08c00',
  historical: '#ae3ec9',
  quota: '#495057',
  expected: '#adb5bd',
  actual: '#0ca678',
  /** A forecast call (the tick across a forecast bar). */
  call: '#e64980',
} as const;
