// What a rig records and a timing chart draws: the observer's edges and the DUT's lines, in rig ms.
// Defined here, not by the rigs, so the chart renderer (shipped with the agent) needs no test code.

/** Lines the observer watches. Level 1 = active: powered, relay pressed, LED lit. */
export type SignalName = "power" | "relay" | "powerRelay" | "led";

export interface Edge {
  /** ms since the rig started (fractional on both targets: the observer reports microseconds). */
  t: number;
  signal: SignalName;
  level: 0 | 1;
}

/** A line the DUT sent, with the time it was received. */
export interface ReceivedLine {
  t: number;
  line: string;
}
