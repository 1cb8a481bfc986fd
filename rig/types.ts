// The one interface the HIL suite and the bench measurements talk to. Three implementations: the
// simulated bench (rig/sim/, virtual time), the real bench rig (rig/bench/, two boards on serial
// ports) and the real Espruino interpreter on Linux (rig/espruino/, real time, pins seen by a shim).
import type { BoardFile } from "../boards/types.ts";
import type { Edge, ReceivedLine, SignalName } from "../chart/signals.ts";

export type { Edge, ReceivedLine, SignalName };

/** What a target can do; a test needing a missing capability is skipped, never passed. */
export interface TargetCaps {
  /** Time is virtual: waits cost no wall time. */
  virtualTime: boolean;
  /** The rig can switch the DUT's supply. */
  powerSwitch: boolean;
  /** The rig can restart the DUT's interpreter without a power cut (watchdog, load()). */
  interpreterRestart: boolean;
  /** The rig models the USB bridge's DTR/RTS auto-reset circuit. */
  modemLines: boolean;
  /** The rig can inject a power cut at an exact moment (e.g. mid flash write). */
  exactPowerCut: boolean;
  /** The rig sees the relay module's input, not only its contact (glitches shorter than the operate time). */
  relayInputProbe: boolean;
}

export interface Tolerances {
  /** Allowed |measured - expected| for relay timing, ms. */
  timingMs: number;
  /** Longest reply latency to a request, ms. */
  replyMs: number;
  /** Real-time targets: no timeout runs longer than this; other durations shrink by the same factor (default 3000). */
  longestTimeoutMs?: number;
  /** Real-time targets: no scaled non-zero duration below this (default 250). */
  shortestMs?: number;
  /** Real-time targets: the share of a test's repetitions (cycles, periods) that runs (default 1). */
  repeatShare?: number;
}

export interface Rig {
  readonly target: "sim" | "bench" | "espruino";
  readonly board: BoardFile;
  readonly caps: TargetCaps;
  readonly tolerance: Tolerances;
  /** ms since the rig started. */
  now(): number;
  /** Switch the DUT's supply (the observer's MOSFET on the bench). */
  powerDut(on: boolean): Promise<void>;
  /** Let time pass: virtual on the simulation, real on the bench. */
  wait(ms: number): Promise<void>;
  /** Write raw bytes to the DUT's heartbeat port (no newline added). */
  write(bytes: string): Promise<void>;
  /** Send a line, wait for its one reply (OK/ERR), skipping unsolicited "!" lines. */
  request(line: string, timeoutMs?: number): Promise<string>;
  /** Every line the DUT sent so far. */
  lines(): ReceivedLine[];
  /** Every edge the observer saw so far, in time order. */
  edges(): Edge[];
  close(): Promise<void>;
}

/** How a board's interpreter restarts without a power cut: its own watchdog (a chip reset) or load(). */
export type RestartKind = "watchdog" | "load";

/**
 * Handles on the DUT itself that the simulation and the real interpreter offer (support/dut-handles.ts),
 * each behind its capability: interpreterRestart, exactPowerCut, relayInputProbe.
 */
export interface DutHandles extends Rig {
  restartInterpreter(kind: RestartKind): void | Promise<void>;
  /** Cut the DUT's supply in the middle of its next flash write. */
  cutPowerDuringNextFlashWrite(): void;
  /** Changes of a relay's drive at the DUT's pin (rig ms), even ones far shorter than the relay's operate time. */
  inputEdges(signal: "relay" | "powerRelay"): { tMs: number; active: boolean }[];
}
