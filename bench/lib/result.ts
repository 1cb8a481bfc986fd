// One row of the benchmark table. `met` is null where the issue sets no goal.

export interface Row {
  /** Issue 6 item number ("1", "7a", ...). */
  item: string;
  what: string;
  value: number;
  unit: string;
  /** The goal as text ("≤ 159 ms (1.5× node -e 0)"), or "" for a figure without a goal. */
  goal: string;
  met: boolean | null;
  /** Anything a reader needs to interpret the value (sample size, spread, caveats). */
  note: string;
}

export function row(item: string, what: string, value: number, unit: string, note = "", goal = "", met: boolean | null = null): Row {
  return { item, what, value, unit, goal, met, note };
}
