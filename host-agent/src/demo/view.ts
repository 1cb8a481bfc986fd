// The demo's terminal view: a panel redrawn in place on a TTY, plain lines otherwise (CI, pipes).
// Redrawing goes home and overwrites each line, clearing only what is left of it, instead of
// clearing the screen each time: a full clear flickers, and terminals (tmux, VTE) push every
// cleared screen into the scrollback, which then fills with copies of the panel.
import type { SimEvent } from "../../../sim/events.ts";
import { leftNowMs, pressLeftMs, type DemoModel } from "./model.ts";

/** The bars' width on a wide terminal; narrower terminals get shorter bars (see barCells). */
const BAR_CELLS = 40;
/** Lines of the panel above the event log. */
const HEADER_LINES = 9;

export const SCREEN = {
  /** Once at the start: clear the screen, hide the cursor (it would blink inside the panel). */
  start: "\x1b[2J\x1b[?25l",
  /** Once at the end, also after an error or Ctrl-C: the cursor back. */
  end: "\x1b[?25h",
};

/** Bar cells that leave room for the label and the text after the bar on this terminal. */
export function barCells(columns: number): number {
  return Math.max(10, Math.min(BAR_CELLS, columns - 50));
}

/** "[█████     ]  9.5 s until reset", or an empty bar when no countdown runs. */
export function countdownBar(leftMs: number, timeoutMs: number, warnMs: number, cells = BAR_CELLS): string {
  if (leftMs < 0) return `[${"·".repeat(cells)}]  no countdown`;
  const filled = Math.round((Math.min(leftMs, timeoutMs) / timeoutMs) * cells);
  const when = leftMs <= warnMs ? "to reset: WARNING" : "until reset";
  return `[${"█".repeat(filled)}${" ".repeat(cells - filled)}] ${(leftMs / 1000).toFixed(1).padStart(4)} s ${when}`;
}

/** While the relay is closed: how much of the press is left. */
export function pressBar(leftMs: number, pulseMs: number, cells = BAR_CELLS): string {
  const filled = Math.round((Math.min(leftMs, pulseMs) / pulseMs) * cells);
  return `[${"▒".repeat(filled)}${" ".repeat(cells - filled)}] ${(leftMs / 1000).toFixed(1).padStart(4)} s of ${pulseMs / 1000} s left`;
}

/** The board's state in words a newcomer can follow. */
export function stateWords(m: DemoModel): string {
  switch (m.state) {
    case "starting":
      return "starting (the simulated board powers up)";
    case "waiting":
      return "waiting (for the host's first heartbeat; no countdown yet)";
    case "armed":
      return "armed (counting down; every heartbeat starts the count again)";
    case "warning":
      return "WARNING (no heartbeat for a while; the board tells the host and blinks its LED)";
    case "acting":
      return "ACTING (pressing the host's reset button)";
    case "host rebooting":
      return "waiting for the rebooted host's first heartbeat (a boot is not timed)";
    default:
      return m.state;
  }
}

function ledWords(m: DemoModel): string {
  if (m.state === "warning" && !m.relay) return "◐ blinking";
  return m.led ? "● on      " : "○ off     ";
}

export interface PanelSize {
  columns: number;
  rows: number;
}

/** Lines cut to the terminal's width, so that no line wraps and the panel keeps its height. */
function fit(lines: string[], columns: number): string[] {
  const width = Math.max(20, columns - 1);
  return lines.map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
}

export function panel(m: DemoModel, wallMs: number, phase: string, recent: readonly string[], size: PanelSize): string[] {
  const cells = barCells(size.columns);
  const beatAgo = m.lastBeatWallMs === null ? "none yet" : `last ${((wallMs - m.lastBeatWallMs) / 1000).toFixed(1)} s ago`;
  const header = [
    "banken demo: a simulated ESP32 guarding a simulated host (Ctrl-C stops it)",
    "",
    `  now        ${phase}`,
    `  board      ${stateWords(m)}`,
    m.relay ? `  pressing   ${pressBar(pressLeftMs(m, wallMs), m.pulseMs, cells)}` : `  countdown  ${countdownBar(leftNowMs(m, wallMs), m.timeoutMs, m.warnMs, cells)}`,
    `  heartbeats ${String(m.beats).padStart(3)} answered by the board, ${beatAgo}`,
    `  LED        ${ledWords(m)}  reset relay  ${m.relay ? "■ CLOSED: pressing reset" : "□ open"}`,
    "",
    "  what happened (board time):",
  ];
  const logRows = Math.max(3, size.rows - HEADER_LINES - 1);
  return fit([...header, ...recent.slice(-logRows).map((line) => `  ${line}`)], size.columns);
}

/** One redraw: cursor home, each line overwritten and cleared to its end, the rest cleared. */
export function redrawFrame(lines: readonly string[]): string {
  return `\x1b[H${lines.map((line) => `${line}\x1b[K`).join("\n")}\n\x1b[J`;
}

/** "  12.3 s" on the board's clock. */
export function stamp(tMs: number): string {
  return `${(tMs / 1000).toFixed(1).padStart(6)} s`;
}

/**
 * A line for the event log, or null for noise: LED edges (the relay and warning lines say what the
 * LED does; the warning blink would flood the log), level reports at board start, our own queries.
 */
export function eventLine(event: SimEvent, m: DemoModel): string | null {
  const at = stamp(event.tMs);
  if (event.kind === "edge") {
    if (event.signal !== "relay") return null;
    if (event.active === m.relay) return null; // the first report at board start, not a change
    return `${at}  reset relay ${event.active ? "CLOSED: the board presses the host's reset button (LED on)" : "open again: the press is over (LED off)"}`;
  }
  if (event.kind === "rx") return event.line.startsWith("BEAT") ? `${at}  host → board  ${event.line.split(" boot=")[0]}` : null;
  if (!event.line.startsWith("!")) return null;
  const why = event.line.startsWith("!WARN") ? "  (no heartbeat: the LED blinks)" : event.line.startsWith("!BACK") ? "  (the host beats again)" : "";
  return `${at}  board → host  ${event.line}${why}`;
}
