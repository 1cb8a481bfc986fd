// renderFleetChart: the fleet scenarios' timing chart, in the HIL charts' style (render.ts: same
// width, margins, fonts, colours, grid and PASS badge). Two lanes per host on one time axis: what its
// fleet guard did (slot held, holding off) and what its board saw (heartbeat ticks, reset relay).
// Pure: the events come with wall-clock times from the test (host-agent/test/support/fleet-hosts.ts).
import { axisTicks, formatDuration } from "./axis.ts";
import { esc, fmt, HEADER_H, LEFT, PLOT_W, WIDTH } from "./svg-frame.ts";

export interface FleetChartEvent {
  t: number;
  kind: "beat" | "relay-on" | "relay-off" | "out" | "err";
  text: string;
}

export interface FleetChartHost {
  name: string;
  events: FleetChartEvent[];
}

export interface FleetChart {
  title: string;
  subtitle: string;
  fromMs: number;
  toMs: number;
  hosts: FleetChartHost[];
  passed: boolean;
}

const LANE_H = 26;
const HOST_GAP = 10;
const COLORS = { relay: "#c62828", beat: "#1565c0", slot: "#c62828", holdingOff: "#c98a00", cause: "#9e9e9e" };


/** Spans from the first event matching `start` to the next matching `end` (or the window's end). */
function spans(events: FleetChartEvent[], start: RegExp, end: RegExp, toMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open: number | null = null;
  for (const e of events) {
    if (open === null && start.test(e.text)) open = e.t;
    else if (open !== null && end.test(e.text)) {
      out.push([open, e.t]);
      open = null;
    }
  }
  if (open !== null) out.push([open, toMs]);
  return out;
}

export function renderFleetChart(chart: FleetChart): string {
  const { fromMs } = chart;
  const toMs = chart.toMs > fromMs ? chart.toMs : fromMs + 1;
  const xOf = (t: number): number => LEFT + ((Math.min(Math.max(t, fromMs), toMs) - fromMs) / (toMs - fromMs)) * PLOT_W;
  const hostH = 2 * LANE_H + HOST_GAP;
  const axisY = HEADER_H + chart.hosts.length * hostH + 4;
  const height = axisY + 64;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="26" font-size="17" font-weight="bold" fill="#111">${esc(chart.title)}</text>`,
    `<text x="10" y="44" font-size="11" fill="#444">${esc(chart.subtitle)}</text>`,
    `<rect x="${WIDTH - 100}" y="10" width="80" height="30" rx="5" fill="${chart.passed ? "#2e7d32" : "#c62828"}"/>`,
    `<text x="${WIDTH - 60}" y="31" text-anchor="middle" font-size="16" font-weight="bold" fill="#fff">${chart.passed ? "PASS" : "FAIL"}</text>`,
  ];
  for (const tick of axisTicks(fromMs, toMs)) {
    const x = fmt(xOf(tick.t));
    out.push(`<line x1="${x}" y1="${HEADER_H - 4}" x2="${x}" y2="${axisY}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${x}" y="${axisY + 14}" text-anchor="middle" fill="#444">${esc(tick.label)}</text>`);
  }
  out.push(`<line x1="${LEFT}" y1="${axisY}" x2="${LEFT + PLOT_W}" y2="${axisY}" stroke="#444"/>`);
  out.push(`<text x="${LEFT + PLOT_W}" y="${axisY + 28}" text-anchor="end" fill="#666">time (window ${esc(formatDuration(toMs - fromMs))})</text>`);

  chart.hosts.forEach((host, i) => {
    const top = HEADER_H + i * hostH;
    const logs = host.events.filter((e) => e.kind === "out" || e.kind === "err");
    // Lane 1: the guard. Checks failing (grey), slot held (red), holding off (amber).
    const failing = spans(logs, /checks failed|fleet: holding off|fleet: took a slot/, /checks pass again|no longer holding off|^banken: stopping/, toMs);
    const slot = spans(logs, /fleet: took a slot/, /released the slot|^banken: stopping/, toMs);
    const off = spans(logs, /fleet: holding off/, /no longer holding off|took a slot|^banken: stopping/, toMs);
    out.push(`<text x="${LEFT - 10}" y="${top + LANE_H / 2 + 4}" text-anchor="end" font-weight="bold" fill="#222">${esc(host.name)} guard</text>`);
    out.push(`<text x="${LEFT - 10}" y="${top + LANE_H + LANE_H / 2 + 4}" text-anchor="end" fill="#222">board</text>`);
    for (const [a, b] of failing) out.push(`<rect x="${fmt(xOf(a))}" y="${top + 3}" width="${fmt(Math.max(1, xOf(b) - xOf(a)))}" height="${LANE_H - 6}" fill="${COLORS.cause}" fill-opacity="0.15"/>`);
    for (const [a, b] of slot) band(out, xOf(a), xOf(b), top, COLORS.slot, "slot held: no heartbeats");
    for (const [a, b] of off) band(out, xOf(a), xOf(b), top, COLORS.holdingOff, "holding off: beating");
    // Lane 2: the board. Heartbeat ticks, and the reset relay as a waveform.
    const boardTop = top + LANE_H;
    let ticks = "";
    for (const e of host.events) if (e.kind === "beat" && e.t >= fromMs && e.t <= toMs) ticks += `M${fmt(xOf(e.t))},${boardTop + 4}V${boardTop + LANE_H - 4}`;
    if (ticks !== "") out.push(`<path d="${ticks}" stroke="${COLORS.beat}" stroke-width="1.2"/>`);
    const ons = host.events.filter((e) => e.kind === "relay-on");
    for (const on of ons) {
      const off = host.events.find((e) => e.kind === "relay-off" && e.t >= on.t)?.t ?? toMs;
      out.push(`<rect x="${fmt(xOf(on.t))}" y="${boardTop + 3}" width="${fmt(Math.max(2, xOf(off) - xOf(on.t)))}" height="${LANE_H - 6}" fill="${COLORS.relay}"/>`);
    }
    out.push(`<line x1="${LEFT}" y1="${top + 2 * LANE_H}" x2="${LEFT + PLOT_W}" y2="${top + 2 * LANE_H}" stroke="#f0f0f0"/>`);
  });
  const legend: Array<[string, string, number]> = [[COLORS.cause, "checks failing", 0.3], [COLORS.slot, "slot held (board acts)", 0.35], [COLORS.holdingOff, "holding off (keeps beating)", 0.35], [COLORS.beat, "| heartbeat", 1], [COLORS.relay, "reset relay closed", 1]];
  let x = LEFT;
  for (const [color, label, opacity] of legend) {
    out.push(`<rect x="${x}" y="${axisY + 38}" width="14" height="10" fill="${color}" fill-opacity="${opacity}"/>`);
    out.push(`<text x="${x + 18}" y="${axisY + 47}" fill="#333">${esc(label)}</text>`);
    x += 28 + label.length * 6.2;
  }
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

function band(out: string[], x1: number, x2: number, top: number, color: string, label: string): void {
  const width = Math.max(1, x2 - x1);
  out.push(`<rect x="${fmt(x1)}" y="${top + 3}" width="${fmt(width)}" height="${LANE_H - 6}" fill="${color}" fill-opacity="0.35" stroke="${color}"/>`);
  if (width > label.length * 6.2 + 8) out.push(`<text x="${fmt(x1 + 4)}" y="${top + LANE_H / 2 + 4}" fill="#222">${esc(label)}</text>`);
}
