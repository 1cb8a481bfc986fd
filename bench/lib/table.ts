// The one table `npm run bench` prints (plain text, fixed-width columns).
import type { Row } from "./result.ts";

const HEADERS = ["#", "measurement", "value", "goal", "met", "note"];

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.item,
    r.what,
    `${formatNumber(r.value)} ${r.unit}`.trim(),
    r.goal,
    r.met === null ? "" : r.met ? "yes" : "NO",
    r.note,
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 5 ? 0 : c[i].length))));
  const line = (c: string[]): string =>
    c
      .map((text, i) => (i === 5 ? text : i === 2 ? text.padStart(widths[i]) : text.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(HEADERS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(3);
}
