// What every banken chart shares: the page geometry (lanes start after a label column) and safe SVG text.

export const WIDTH = 1200;
/** The label column left of the lanes. */
export const LEFT = 150;
export const RIGHT = 30;
export const PLOT_W = WIDTH - LEFT - RIGHT;
/** Title and subtitle above the first lane. */
export const HEADER_H = 70;

/** Text for an SVG element or attribute: markup escaped, control characters shown as "?". */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[^\x09\x0a\x20-\x7e\u00a0-\uffff]/g, "?");
}

/** A coordinate with one decimal, as short as it gets. */
export function fmt(x: number): string {
  return String(Math.round(x * 10) / 10);
}
