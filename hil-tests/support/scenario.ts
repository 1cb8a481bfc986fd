// One scenario = one test against one rig: it records every line the host sends (with rig time), so
// the chart can draw heartbeats and the assertions can measure from the last one.
import assert from "node:assert/strict";
import type { Deadline } from "../../chart/deadline.ts";
import type { ChartTrace } from "../../chart/trace.ts";
import { lineMs } from "../../rig/line-time.ts";
import type { Rig } from "../../rig/types.ts";
import { measurePulses, type Pulse, type SentLine } from "../../chart/measure.ts";

export class Scenario {
  readonly sent: SentLine[] = [];
  readonly startMs: number;
  /** Expected timing, drawn next to the measured values. */
  expected: ChartTrace["expected"];
  /** When a relay contact is expected to close, with the test's allowance (drawn as "due" markers). */
  readonly deadlines: Deadline[] = [];
  /** Settings for the chart's subtitle, e.g. "timeoutMs=5000 pulseMs=200". */
  settings = "";
  /** Draw only this window (rig ms) instead of the whole scenario, e.g. around a failure. */
  window: [number, number] | undefined;
  private partial = "";

  constructor(readonly rig: Rig) {
    this.startMs = rig.now();
  }

  /** Raw bytes to the DUT; each completed line is recorded at the time its newline was written. */
  async write(bytes: string): Promise<void> {
    const t = this.rig.now();
    await this.rig.write(bytes);
    this.partial += bytes;
    let nl = this.partial.indexOf("\n");
    while (nl >= 0) {
      this.sent.push({ t, line: this.partial.slice(0, nl) });
      this.partial = this.partial.slice(nl + 1);
      nl = this.partial.indexOf("\n");
    }
  }

  /** A request and its reply (OK/ERR). */
  async request(line: string, timeoutMs?: number): Promise<string> {
    this.sent.push({ t: this.rig.now(), line });
    return this.rig.request(line, timeoutMs);
  }

  /** A request that must succeed. */
  async ok(line: string): Promise<string> {
    const reply = await this.request(line);
    assert.ok(reply.startsWith("OK "), `"${line}" was answered "${reply}"`);
    return reply;
  }

  /** One heartbeat; returns the `left=` the board reported. */
  async beat(): Promise<number> {
    return field(await this.ok("BEAT"), "left");
  }

  /** When the host began writing its last line (rig ms): what the board's countdowns start from. */
  lastSentMs(): number {
    const last = this.sent[this.sent.length - 1];
    assert.ok(last !== undefined, "nothing was sent yet");
    return last.t;
  }

  /**
   * The target's timing tolerance plus `line`'s time on the wire: the board counts from a request's
   * newline, and a line it sends is stamped when its last byte arrived.
   */
  toleranceWith(line: string): number {
    return this.rig.tolerance.timingMs + lineMs(line, this.rig.board.baud);
  }

  /**
   * A relay close due at `atMs`, counted from the arrival of `afterLine`: drawn on the chart as a
   * "due" marker, and checked with assertOnTime (support/checks.ts) against the same allowance.
   */
  due(atMs: number, afterLine: string): Deadline {
    const deadline = { t: atMs, slackMs: this.toleranceWith(afterLine) };
    this.deadlines.push(deadline);
    return deadline;
  }

  /** The closures of a relay line from `fromMs` until now, each paired with the heartbeat before it. */
  pulsesSince(fromMs: number, signal: "relay" | "powerRelay" = "relay"): Pulse[] {
    const toMs = this.rig.now();
    return measurePulses(this.rig.edges(), this.sent, signal).filter((p) => p.closeMs >= fromMs && p.closeMs <= toMs);
  }

  trace(title: string, subtitle: string, passed: boolean | undefined, note?: string): ChartTrace {
    const endMs = this.rig.now();
    const [fromMs, toMs] = this.window ?? [this.startMs, Math.max(endMs, this.startMs + 1)];
    return {
      title,
      subtitle: this.settings ? `${subtitle} · ${this.settings}` : subtitle,
      passed,
      fromMs,
      toMs,
      edges: this.rig.edges(),
      sent: this.sent,
      received: this.rig.lines(),
      showPowerRelay: this.rig.board.power !== undefined,
      expected: this.expected,
      deadlines: this.deadlines,
      note,
    };
  }
}

/** Integer value of `key=` in a reply line; throws a clear assertion if it is missing. */
export function field(reply: string, key: string): number {
  const token = reply.split(" ").find((t) => t.startsWith(key + "="));
  assert.ok(token !== undefined, `no ${key}= in "${reply}"`);
  const value = Number(token.slice(key.length + 1));
  assert.ok(Number.isFinite(value), `${key}= is not a number in "${reply}"`);
  return value;
}

/** String value of `key=` in a reply line, or undefined. */
export function textField(reply: string, key: string): string | undefined {
  const token = reply.split(" ").find((t) => t.startsWith(key + "="));
  return token?.slice(key.length + 1);
}
