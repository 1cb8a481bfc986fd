// Time-axis arithmetic for the timing chart: a "nice" tick step (1, 2 or 5 × 10^k ms) and labels
// in the unit that suits that step, so a 2 ms pulse and a 30-day run both read naturally.

export interface AxisTick {
  /** Rig ms of the tick. */
  t: number;
  label: string;
}

interface Unit {
  name: string;
  ms: number;
}

const UNITS: Unit[] = [
  { name: "d", ms: 86400000 },
  { name: "h", ms: 3600000 },
  { name: "min", ms: 60000 },
  { name: "s", ms: 1000 },
  { name: "ms", ms: 1 },
  { name: "µs", ms: 0.001 },
];

/** The tick step for a span, aiming at about `targetTicks` ticks. Steps in days/hours/minutes stay whole. */
export function niceStepMs(spanMs: number, targetTicks = 8): number {
  if (!(spanMs > 0)) return 1;
  const raw = spanMs / targetTicks;
  const candidates: number[] = [];
  for (let exp = -3; exp <= 3; exp++) {
    for (const m of [1, 2, 5]) candidates.push(m * Math.pow(10, exp));
  }
  // From 10 s up, steps people read on clocks and calendars.
  candidates.push(10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000,
    10800000, 21600000, 43200000, 86400000, 172800000, 604800000, 1209600000, 2592000000);
  return candidates.find((c) => c >= raw) ?? candidates[candidates.length - 1];
}

/** The largest unit the step is at least one of, so labels need few digits. */
export function unitForStep(stepMs: number): Unit {
  return UNITS.find((u) => stepMs >= u.ms) ?? UNITS[UNITS.length - 1];
}

/** Ticks covering [fromMs, toMs], labelled relative to fromMs. */
export function axisTicks(fromMs: number, toMs: number, targetTicks = 8): AxisTick[] {
  const span = toMs - fromMs;
  const step = niceStepMs(span, targetTicks);
  const unit = unitForStep(step);
  const ticks: AxisTick[] = [];
  for (let i = 0; i * step <= span + step * 1e-9; i++) {
    const rel = i * step;
    ticks.push({ t: fromMs + rel, label: trimNumber(rel / unit.ms) + " " + unit.name });
  }
  return ticks;
}

/** A duration for annotations: exact ms (one decimal) plus a friendlier unit when large. */
export function formatDuration(ms: number): string {
  const exact = (Math.round(ms * 10) / 10).toFixed(1) + " ms";
  if (Math.abs(ms) < 1000) return exact;
  const unit = unitForStep(Math.abs(ms));
  return exact + " (" + trimNumber(Math.round((ms / unit.ms) * 1000) / 1000) + " " + unit.name + ")";
}

function trimNumber(x: number): string {
  const rounded = Math.round(x * 1000) / 1000;
  return String(rounded);
}
