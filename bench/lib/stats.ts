// Order statistics for benchmark samples. Percentiles use the nearest-rank method, so every
// reported figure is a value that was actually measured.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** min / p50 / p90 / p99 / max of a sample, rounded to `digits` decimals. */
export function summary(samples: readonly number[], digits = 3): { n: number; min: number; p50: number; p90: number; p99: number; max: number } {
  const r = (x: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    n: samples.length,
    min: r(percentile(samples, 0)),
    p50: r(percentile(samples, 50)),
    p90: r(percentile(samples, 90)),
    p99: r(percentile(samples, 99)),
    max: r(percentile(samples, 100)),
  };
}

export function round(x: number, digits = 1): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
