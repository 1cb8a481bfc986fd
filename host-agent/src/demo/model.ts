// What the demo's view shows, folded from the simulated board's side channel (sim/events.ts): the
// board's state and time left (from its replies and "!" lines), heartbeats, LED and relay. Pure:
// each event comes with the wall time it arrived, so the countdown needs no clock alignment.
import type { SimEvent } from "../../../sim/events.ts";

export interface DemoModel {
  state: string;
  /** Time left as last reported, and the wall ms it was reported at. */
  leftMs: number;
  leftAtWallMs: number;
  timeoutMs: number;
  /** The warning comes this long before the reset (the demo set it; STATUS does not report it). */
  warnMs: number;
  beats: number;
  lastBeatWallMs: number | null;
  led: boolean;
  relay: boolean;
  resets: number;
  /** Heartbeats acknowledged after the last reset pulse ended. */
  beatsAfterReset: number;
  relayClosedMs: number | null;
  /** Wall ms the relay closed at, for the press's own countdown. */
  relayClosedWallMs: number | null;
  /** The reset pulse length (from the board's STATUS `pulse`, else what the demo set). */
  pulseMs: number;
  lastPulseMs: number | null;
}

export function initialModel(timeoutMs: number, warnMs: number, pulseMs: number): DemoModel {
  return { state: "starting", leftMs: -1, leftAtWallMs: 0, timeoutMs, warnMs, beats: 0, lastBeatWallMs: null, led: false, relay: false, resets: 0, beatsAfterReset: 0, relayClosedMs: null, relayClosedWallMs: null, pulseMs, lastPulseMs: null };
}

function fields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const token of line.split(" ")) {
    const eq = token.indexOf("=");
    if (eq > 0) out[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return out;
}

export function applyEvent(m: DemoModel, event: SimEvent, wallMs: number): void {
  if (event.kind === "edge") {
    if (event.signal === "led") m.led = event.active;
    if (event.signal !== "relay") return;
    m.relay = event.active;
    if (event.active) {
      m.relayClosedMs = event.tMs;
      m.relayClosedWallMs = wallMs;
      m.resets++;
    } else if (m.relayClosedMs !== null) {
      m.lastPulseMs = event.tMs - m.relayClosedMs;
      m.relayClosedMs = null;
      m.relayClosedWallMs = null;
      m.state = "host rebooting";
      m.leftMs = -1;
    }
    return;
  }
  if (event.kind !== "tx") return;
  const f = fields(event.line);
  if (event.line.startsWith("OK BEAT")) {
    m.beats++;
    if (m.resets > 0 && !m.relay) m.beatsAfterReset++;
    m.lastBeatWallMs = wallMs;
  }
  if (event.line.startsWith("!WARN")) m.state = "warning";
  else if (event.line.startsWith("!ACT")) m.state = "acting";
  else if (f.state !== undefined) m.state = f.state;
  if (f.left !== undefined) {
    m.leftMs = Number(f.left);
    m.leftAtWallMs = wallMs;
  }
  if (f.timeout !== undefined) m.timeoutMs = Number(f.timeout);
  if (f.pulse !== undefined) m.pulseMs = Number(f.pulse);
}

/** Time left now, or -1 when no countdown runs. */
export function leftNowMs(m: DemoModel, wallMs: number): number {
  if (m.leftMs < 0 || (m.state !== "armed" && m.state !== "warning")) return -1;
  return Math.max(0, m.leftMs - (wallMs - m.leftAtWallMs));
}

/** How much longer the relay stays closed, or -1 when it is open. */
export function pressLeftMs(m: DemoModel, wallMs: number): number {
  if (!m.relay || m.relayClosedWallMs === null) return -1;
  return Math.max(0, m.pulseMs - (wallMs - m.relayClosedWallMs));
}
