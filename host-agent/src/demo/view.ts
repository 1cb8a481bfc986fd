// The demo's terminal view: a panel redrawn in place on a TTY, plain lines otherwise (CI, pipes).
import type { SimEvent } from "../sim/events.ts";
import { leftNowMs, type DemoModel } from "./model.ts";

const BAR_CELLS = 40;

export function countdownBar(leftMs: number, timeoutMs: number): string {
  if (leftMs < 0) return `[${"·".repeat(BAR_CELLS)}]   no countdown`;
  const filled = Math.round((Math.min(leftMs, timeoutMs) / timeoutMs) * BAR_CELLS);
  return `[${"█".repeat(filled)}${" ".repeat(BAR_CELLS - filled)}] ${(leftMs / 1000).toFixed(1).padStart(5)} s left`;
}

export function panel(m: DemoModel, wallMs: number, phase: string, recent: readonly string[]): string {
  const beatAgo = m.lastBeatWallMs === null ? "none yet" : `${((wallMs - m.lastBeatWallMs) / 1000).toFixed(1)} s ago`;
  return [
    "banken demo: a simulated ESP32 guarding a simulated host (Ctrl-C stops it)",
    "",
    `  now        ${phase}`,
    `  board      ${m.state}`,
    `  countdown  ${countdownBar(leftNowMs(m, wallMs), m.timeoutMs)}`,
    `  heartbeats ${String(m.beats).padStart(3)} acknowledged, last ${beatAgo}`,
    `  LED        ${m.led ? "● on " : "○ off"}      reset relay  ${m.relay ? "■ CLOSED (pressing reset)" : "□ open"}`,
    "",
    ...recent.map((line) => `  ${line}`),
  ].join("\n");
}

/** A line for the event log, or null for noise (LED blink edges while warning, our own queries). */
export function eventLine(event: SimEvent, m: DemoModel): string | null {
  const at = `${(event.tMs / 1000).toFixed(1).padStart(6)} s`;
  if (event.kind === "edge") {
    const was = event.signal === "led" ? m.led : event.signal === "relay" ? m.relay : false;
    if (event.active === was) return null; // the first report at board start, not a change
    if (event.signal === "led" && (m.state === "warning" || m.relay)) return null;
    if (event.signal === "led") return `${at}  LED ${event.active ? "on" : "off"}`;
    return `${at}  ${event.signal === "relay" ? "reset" : "power"} relay ${event.active ? "closed: pressing the host's reset button" : "open again"}`;
  }
  if (event.kind === "rx") return event.line.startsWith("BEAT") ? `${at}  host → ${event.line.split(" boot=")[0]}` : null;
  if (event.line.startsWith("!")) return `${at}  board says ${event.line}`;
  return null;
}
