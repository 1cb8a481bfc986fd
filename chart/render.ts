// renderTimingChart: a trace → one self-contained SVG timing chart (動作タイムチャート), like the seed's
// drawing: DUT power, what the host sent (heartbeat ticks), what the DUT said, LED and relay lines on one
// time axis, with the measured time from the last heartbeat to each relay close and the pulse width
// written on it, and the expected close times (deadlines) as markers where the scenario knows them.
// Pure: no clock, no files. Dense traces (a simulated month) are merged per pixel column, so the SVG
// stays small and still shows every burst of activity.
import type { Edge, SignalName } from "./signals.ts";
import { beatTimes, isBeatLine, measurePulses, type Pulse } from "./measure.ts";
import { axisTicks, formatDuration } from "./axis.ts";
import { DEADLINE_COLOR, DEADLINE_LEGEND, drawDeadlines, holdBetween, nearestDeadline } from "./deadline.ts";
import { esc, fmt, HEADER_H, LEFT, PLOT_W, WIDTH } from "./svg-frame.ts";
import type { ChartTrace } from "./trace.ts";

const LANE_H = 40;
const LANE_GAP = 8;
const ROW_H = 30;
const MAX_ANNOTATED = 6;
const CHAR_W = 6.6;

const COLORS: Record<string, string> = {
  power: "#2f7d32",
  led: "#c98a00",
  relay: "#c62828",
  powerRelay: "#6a1b9a",
  beat: "#1565c0",
  request: "#455a64",
  unsolicited: "#ad1457",
};

interface Lane {
  key: string;
  label: string;
  top: number;
}

/** Renders the trace as an SVG document string. */
export function renderTimingChart(trace: ChartTrace): string {
  const fromMs = trace.fromMs;
  const toMs = trace.toMs > trace.fromMs ? trace.toMs : trace.fromMs + 1;
  const xOf = (t: number): number => LEFT + ((t - fromMs) / (toMs - fromMs)) * PLOT_W;
  const inWindow = (t: number): boolean => t >= fromMs && t <= toMs;

  const laneKeys = ["power", "sent", "received", "led", "relay"];
  if (trace.showPowerRelay || trace.edges.some((e) => e.signal === "powerRelay")) laneKeys.push("powerRelay");
  const labels: Record<string, string> = {
    power: "DUT power",
    sent: "host → DUT",
    received: "DUT → host (!)",
    led: "LED",
    relay: "reset relay",
    powerRelay: "power relay",
  };
  const lanes: Lane[] = laneKeys.map((key, i) => ({ key, label: labels[key], top: HEADER_H + i * (LANE_H + LANE_GAP) }));
  const lanesBottom = HEADER_H + lanes.length * (LANE_H + LANE_GAP);

  const pulses = [...measurePulses(trace.edges, trace.sent, "relay"), ...measurePulses(trace.edges, trace.sent, "powerRelay")]
    .filter((p) => inWindow(p.closeMs))
    .sort((a, b) => a.closeMs - b.closeMs);
  const annotated = pulses.slice(0, MAX_ANNOTATED);
  const bandTop = lanesBottom + 4;
  const bandH = Math.max(1, annotated.length + (pulses.length > MAX_ANNOTATED ? 1 : 0)) * ROW_H + 6;
  const axisY = bandTop + bandH + 4;
  const deadlines = trace.deadlines ?? [];
  const noteLines = wrap(trace.note ?? "", 170).slice(0, 8);
  const legendH = deadlines.length > 0 ? 15 : 0;
  const height = axisY + 34 + legendH + noteLines.length * 15 + 10;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  );
  header(out, trace);

  // Grid and axis first, so the signals draw over them.
  const ticks = axisTicks(fromMs, toMs);
  for (const tick of ticks) {
    const x = fmt(xOf(tick.t));
    out.push(`<line x1="${x}" y1="${HEADER_H - 4}" x2="${x}" y2="${axisY}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${x}" y="${axisY + 14}" text-anchor="middle" fill="#444">${esc(tick.label)}</text>`);
  }
  out.push(`<line x1="${LEFT}" y1="${axisY}" x2="${LEFT + PLOT_W}" y2="${axisY}" stroke="#444"/>`);
  out.push(`<text x="${LEFT + PLOT_W}" y="${axisY + 28}" text-anchor="end" fill="#666">time since ${esc(formatAbsolute(fromMs))} (window ${esc(formatDuration(toMs - fromMs))})</text>`);

  for (const lane of lanes) {
    out.push(`<text x="${LEFT - 10}" y="${lane.top + LANE_H / 2 + 4}" text-anchor="end" font-weight="bold" fill="#222">${esc(lane.label)}</text>`);
    out.push(`<line x1="${LEFT}" y1="${lane.top + LANE_H}" x2="${LEFT + PLOT_W}" y2="${lane.top + LANE_H}" stroke="#f0f0f0"/>`);
    if (lane.key === "sent") drawSent(out, trace, lane, xOf, inWindow);
    else if (lane.key === "received") drawMarks(out, (trace.received ?? []).filter((r) => r.line.startsWith("!") && inWindow(r.t)), lane, xOf, COLORS.unsolicited);
    else drawWave(out, trace, lane.key as SignalName, lane, xOf, fromMs, toMs);
  }

  const relayLanes = lanes.filter((l) => l.key === "relay" || l.key === "powerRelay").map((l) => ({ top: l.top, height: LANE_H }));
  drawDeadlines(out, deadlines, relayLanes, xOf, inWindow, LEFT + PLOT_W);
  if (deadlines.length > 0) out.push(`<text x="10" y="${axisY + 44}" fill="${DEADLINE_COLOR}">${esc(DEADLINE_LEGEND)}</text>`);

  annotated.forEach((p, i) => drawPulseAnnotation(out, trace, p, bandTop + i * ROW_H, xOf, fromMs, lanes));
  if (pulses.length > MAX_ANNOTATED) {
    out.push(`<text x="${LEFT}" y="${bandTop + MAX_ANNOTATED * ROW_H + 12}" fill="#555">… ${pulses.length - MAX_ANNOTATED} more relay closures in this window (not annotated)</text>`);
  }
  if (pulses.length === 0) {
    out.push(`<text x="${LEFT}" y="${bandTop + 12}" fill="#555">no relay closure in this window</text>`);
  }

  noteLines.forEach((line, i) => {
    out.push(`<text x="10" y="${axisY + 48 + legendH + i * 15}" fill="${trace.passed === false ? "#b71c1c" : "#333"}" font-family="DejaVu Sans Mono, monospace">${esc(line)}</text>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

function header(out: string[], trace: ChartTrace): void {
  out.push(`<text x="10" y="26" font-size="17" font-weight="bold" fill="#111">${esc(trace.title)}</text>`);
  // Long settings wrap onto a second line rather than run off the edge.
  wrap(trace.subtitle ?? "", 160).slice(0, 2).forEach((line, i) => {
    out.push(`<text x="10" y="${44 + i * 14}" font-size="11" fill="#444">${esc(line)}</text>`);
  });
  const verdict = trace.passed === true ? ["PASS", "#2e7d32"] : trace.passed === false ? ["FAIL", "#c62828"] : ["?", "#757575"];
  out.push(`<rect x="${WIDTH - 100}" y="10" width="80" height="30" rx="5" fill="${verdict[1]}"/>`);
  out.push(`<text x="${WIDTH - 60}" y="31" text-anchor="middle" font-size="16" font-weight="bold" fill="#fff">${verdict[0]}</text>`);
}

/** A 0/1 line as merged pixel intervals of "high", drawn as a filled waveform. */
function drawWave(out: string[], trace: ChartTrace, signal: SignalName, lane: Lane, xOf: (t: number) => number, fromMs: number, toMs: number): void {
  const color = COLORS[signal] ?? "#333";
  const yHigh = lane.top + 6;
  const yLow = lane.top + LANE_H - 6;
  const intervals = highIntervals(trace.edges, signal, trace.initial?.[signal] ?? 0, fromMs, toMs).map(([a, b]) => [xOf(a), xOf(b)]);
  const merged: number[][] = [];
  for (const [a, b0] of intervals) {
    const b = Math.max(b0, a + 1);
    const last = merged[merged.length - 1];
    if (last && a - last[1] < 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  let d = `M${LEFT},${yLow}`;
  for (const [a, b] of merged) {
    out.push(`<rect x="${fmt(a)}" y="${yHigh}" width="${fmt(b - a)}" height="${yLow - yHigh}" fill="${color}" fill-opacity="0.18"/>`);
    d += ` H${fmt(a)} V${yHigh} H${fmt(b)} V${yLow}`;
  }
  d += ` H${LEFT + PLOT_W}`;
  out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
  out.push(`<text x="${LEFT - 10}" y="${yHigh + 4}" text-anchor="end" font-size="9" fill="#888">1</text>`);
  out.push(`<text x="${LEFT - 10}" y="${yLow + 2}" text-anchor="end" font-size="9" fill="#888">0</text>`);
}

/** [start, end] rig-ms spans where `signal` is 1, clipped to the window. */
export function highIntervals(edges: readonly Edge[], signal: SignalName, initial: 0 | 1, fromMs: number, toMs: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let level = initial;
  let since = -Infinity;
  for (const e of edges) {
    if (e.signal !== signal || e.level === level) continue;
    if (e.level === 1) since = e.t;
    else spans.push([since, e.t]);
    level = e.level;
  }
  if (level === 1) spans.push([since, Infinity]);
  return spans
    .filter(([a, b]) => b >= fromMs && a <= toMs)
    .map(([a, b]) => [Math.max(a, fromMs), Math.min(b, toMs)] as [number, number]);
}

function drawSent(out: string[], trace: ChartTrace, lane: Lane, xOf: (t: number) => number, inWindow: (t: number) => boolean): void {
  const columns = new Set<number>();
  for (const t of beatTimes(trace.sent)) if (inWindow(t)) columns.add(Math.round(xOf(t) * 2) / 2);
  let d = "";
  for (const x of columns) d += `M${x},${lane.top + 4}V${lane.top + LANE_H - 4}`;
  if (d) out.push(`<path d="${d}" stroke="${COLORS.beat}" stroke-width="1.2"/>`);
  const others = trace.sent.filter((s) => !isBeatLine(s.line) && inWindow(s.t));
  drawMarks(out, others, lane, xOf, COLORS.request);
  out.push(`<text x="${LEFT - 10}" y="${lane.top + LANE_H - 2}" text-anchor="end" font-size="9" fill="${COLORS.beat}">| = BEAT (${columns.size > 0 ? beatTimes(trace.sent).filter(inWindow).length : 0})</text>`);
}

/** Small triangles with labels where they fit; one mark per pixel column. */
function drawMarks(out: string[], marks: ReadonlyArray<{ t: number; line: string }>, lane: Lane, xOf: (t: number) => number, color: string): void {
  let labelEnd = -Infinity;
  let lastColumn = NaN;
  let row = 0;
  for (const m of marks) {
    const x = xOf(m.t);
    const column = Math.round(x);
    if (column !== lastColumn) {
      out.push(`<path d="M${fmt(x)},${lane.top + LANE_H - 4} l-4,-7 h8 z" fill="${color}"/>`);
      lastColumn = column;
    }
    const label = printable(m.line, 22);
    if (x > labelEnd) {
      row = 0;
    } else if (row === 0 && x > labelEnd - 1000) {
      row = 1;
    } else {
      continue;
    }
    const y = lane.top + 11 + row * 12;
    const fitsRight = x + 3 + label.length * 6 < WIDTH - 4;
    out.push(`<text x="${fmt(fitsRight ? x + 3 : x - 3)}" y="${y}" text-anchor="${fitsRight ? "start" : "end"}" font-size="10" fill="${color}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(label)}</text>`);
    if (row === 0) labelEnd = x + 3 + label.length * 6 + 6;
  }
}

function drawPulseAnnotation(out: string[], trace: ChartTrace, p: Pulse, top: number, xOf: (t: number) => number, fromMs: number, lanes: Lane[]): void {
  // Arrow on the upper part of the row, text under it.
  const y = top + 8;
  const xClose = xOf(p.closeMs);
  const tol = trace.expected?.toleranceMs;
  const name = p.signal === "relay" ? "reset" : "power";
  const bad = (measured: number, expected: number | undefined): boolean => expected !== undefined && tol !== undefined && Math.abs(measured - expected) > tol;
  const parts: Array<[string, string]> = [];
  const deadline = nearestDeadline(trace.deadlines ?? [], p.closeMs);
  if (deadline !== undefined) {
    const offMs = p.closeMs - deadline.t;
    const text = `closed ${offMs >= 0 ? "+" : "−"}${formatDuration(Math.abs(offMs))} vs due (±${Math.round(deadline.slackMs * 1000) / 1000})`;
    parts.push([text, Math.abs(offMs) > deadline.slackMs ? "#c62828" : DEADLINE_COLOR]);
  }
  if (p.signal === "relay" && p.lastBeatMs >= 0) {
    // What this number is: the time since the last BEAT. It is the timeout only if nothing (a HOLD)
    // restarted the countdown in between, so only then is it compared with the expected timeout.
    const held = holdBetween(trace.sent, p.lastBeatMs, p.closeMs);
    const expectedTimeout = held ? undefined : trace.expected?.timeoutMs;
    const text =
      `last BEAT → close ${formatDuration(p.afterBeatMs)}` +
      (held ? " (a HOLD came after that BEAT: not the timeout)" : expectedTimeout !== undefined ? ` (expected ${expectedTimeout}${tol !== undefined ? " ±" + tol : ""})` : "");
    parts.push([text, bad(p.afterBeatMs, expectedTimeout) ? "#c62828" : "#222"]);
    if (p.lastBeatMs >= fromMs) {
      const xBeat = xOf(p.lastBeatMs);
      const sentLane = lanes.find((l) => l.key === "sent");
      const relay = lanes.find((l) => l.key === "relay");
      if (sentLane) out.push(`<line x1="${fmt(xBeat)}" y1="${sentLane.top + LANE_H}" x2="${fmt(xBeat)}" y2="${y}" stroke="#888" stroke-dasharray="3,3"/>`);
      if (relay) out.push(`<line x1="${fmt(xClose)}" y1="${relay.top + 6}" x2="${fmt(xClose)}" y2="${y}" stroke="#888" stroke-dasharray="3,3"/>`);
      if (xClose - xBeat > 2) {
        out.push(`<line x1="${fmt(xBeat)}" y1="${y}" x2="${fmt(xClose)}" y2="${y}" stroke="#333" marker-start="url(#arrow)" marker-end="url(#arrow)"/>`);
      }
    }
  } else if (p.signal === "relay") {
    parts.push(["no heartbeat before this closure", "#222"]);
  }
  const expectedPulse = p.signal === "relay" ? trace.expected?.pulseMs : undefined;
  parts.push([
    p.widthMs >= 0
      ? `${name} pulse ${formatDuration(p.widthMs)}` + (expectedPulse !== undefined ? ` (expected ${expectedPulse}${tol !== undefined ? " ±" + tol : ""})` : "")
      : `${name} relay still closed at end of window`,
    p.widthMs >= 0 && !bad(p.widthMs, expectedPulse) ? "#222" : "#c62828",
  ]);
  // Text goes right of the close edge when it fits, else left of it.
  const textLen = parts.reduce((n, [s]) => n + s.length + 3, 0) * CHAR_W;
  const rightSpace = LEFT + PLOT_W - xClose;
  let x = rightSpace > textLen + 6 ? xClose + 6 : Math.max(LEFT, xClose - 6 - textLen);
  const anchorX = x;
  let spans = "";
  for (const [text, color] of parts) {
    spans += `<tspan fill="${color}">${esc(text)}   </tspan>`;
    x += (text.length + 3) * CHAR_W;
  }
  out.push(`<text x="${fmt(anchorX)}" y="${y + 15}" xml:space="preserve">${spans}</text>`);
}

function formatAbsolute(ms: number): string {
  return `rig t=${Math.round(ms * 10) / 10} ms`;
}

/** Control and non-ASCII bytes shown as \xNN, so hostile input is visible but harmless. */
function printable(line: string, max: number): string {
  let s = "";
  for (const ch of line) {
    const c = ch.charCodeAt(0);
    s += c >= 32 && c < 127 ? ch : "\\x" + c.toString(16).padStart(2, "0");
    if (s.length >= max) return s.slice(0, max) + "…";
  }
  return s;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    let rest = raw;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    lines.push(rest);
  }
  return text === "" ? [] : lines;
}

