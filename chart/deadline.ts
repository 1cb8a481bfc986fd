// Expected close times (deadlines) on a timing chart: where the scenario knows when the relay must
// close, that moment is drawn as a dashed marker across the relay lanes, and each measured closure is
// compared with the nearest one. This is the honest reading when the countdown did not start at the
// last heartbeat (a HOLD ended it later, the board was in its boot phase, an escalation step).
import type { SentLine } from "./measure.ts";
import { fmt } from "./svg-frame.ts";

export const DEADLINE_COLOR = "#00897b";

/** A moment the scenario expects a relay contact to close, and how far off the test allows it to be. */
export interface Deadline {
  /** Rig ms. */
  t: number;
  /** The |closed − due| the test accepts (its tolerance plus, e.g., a request line's transmission time), ms. */
  slackMs: number;
}

interface LaneBox {
  top: number;
  height: number;
}

/** The deadline nearest to `closeMs`, or undefined without any. */
export function nearestDeadline(deadlines: readonly Deadline[], closeMs: number): Deadline | undefined {
  let best: Deadline | undefined;
  for (const d of deadlines) if (best === undefined || Math.abs(d.t - closeMs) < Math.abs(best.t - closeMs)) best = d;
  return best;
}

/** True if a HOLD request was sent in (fromMs, toMs]: then "last BEAT → close" is not the timeout. */
export function holdBetween(sent: readonly SentLine[], fromMs: number, toMs: number): boolean {
  return sent.some((s) => s.t > fromMs && s.t <= toMs && s.line.trim().toUpperCase().startsWith("HOLD"));
}

/** Dashed markers, one per pixel column, labelled "due" (right of the marker, left at the right edge) where a label fits. */
export function drawDeadlines(out: string[], deadlines: readonly Deadline[], lanes: readonly LaneBox[], xOf: (t: number) => number, inWindow: (t: number) => boolean, rightEdge: number): void {
  if (lanes.length === 0) return;
  const top = Math.min(...lanes.map((l) => l.top));
  const bottom = Math.max(...lanes.map((l) => l.top + l.height));
  let lastColumn = NaN;
  let labelEnd = -Infinity;
  for (const t of deadlines.map((d) => d.t).filter(inWindow).sort((a, b) => a - b)) {
    const x = xOf(t);
    if (Math.round(x) === lastColumn) continue;
    lastColumn = Math.round(x);
    out.push(`<line x1="${fmt(x)}" y1="${top}" x2="${fmt(x)}" y2="${bottom}" stroke="${DEADLINE_COLOR}" stroke-width="1.5" stroke-dasharray="5,3"/>`);
    if (x > labelEnd) {
      const right = x + 30 < rightEdge;
      out.push(`<text x="${fmt(right ? x + 3 : x - 3)}" y="${top + 10}" text-anchor="${right ? "start" : "end"}" font-size="10" fill="${DEADLINE_COLOR}" stroke="#fff" stroke-width="3" paint-order="stroke">due</text>`);
      labelEnd = x + 30;
    }
  }
}

/** The legend line under the chart. */
export const DEADLINE_LEGEND = "dashed teal line \"due\" = expected relay close (deadline) as the test computed it";
