// The watchdog state machine: a pure deadline machine. Inputs are events with a time (bytes, ticks,
// button, force input); outputs go through `Outputs`. It never reads a clock and never sets a timer:
// the hardware layer calls tick(now) at nextWakeMs(). States and transitions: docs/protocol.md.
import { copyConfig, DEFAULT_CONFIG, validateConfig, CONFIG_KEYS } from "./config.ts";
import { formatEvent, pushEvent } from "./history.ts";
import { LineReader } from "./lines.ts";
import { errLine, handleLine, PROTO_VERSION } from "./protocol.ts";
import type { Assignment, CommandTarget } from "./protocol.ts";
import { powerSteps, resetSteps } from "./sequence.ts";
import type { Step } from "./sequence.ts";
import type { Config, ConfigKey, ErrorCode, EventKind, HistoryEvent, LedPattern, Outputs, PersistedState, WatchdogState } from "./types.ts";

export interface WatchdogOptions {
  out: Outputs;
  /** From loadState(); null on a blank or unreadable flash (defaults are used). */
  restored: PersistedState | null;
  /** Corrupt flash records met while loading; reported in !BOOT and recorded as an event. */
  corrupt: number;
  /** A power-button relay is wired: enables the power-cycle escalation. */
  hasPower: boolean;
  fw: string;
  board: string;
  /** Code CONSOLE must present; printed by HELLO. */
  consoleCode: string;
  /** Gives the REPL back (called after "OK CONSOLE" was sent). */
  onConsole: () => void;
}

/** How long a short button press shows the "status" pattern. */
export const STATUS_SHOW_MS = 3000;
/** How long TEST led keeps the LED solid. */
export const TEST_LED_MS = 3000;
/** The hold a long button press starts. */
export const BUTTON_HOLD_MS = 3600000;
/** Safety cap on transitions per tick; a tick normally runs one or two. */
const MAX_STEPS_PER_TICK = 32;

export class Watchdog implements CommandTarget {
  private o: WatchdogOptions;
  private cfg: Config;
  private attempts: number;
  private boots: number;
  private log: HistoryEvent[];
  private st: WatchdogState;
  /** armed/warning: when to act; waiting: boot deadline, or -1 = wait for the first BEAT forever. */
  private deadlineMs: number;
  private holdUntilMs: number;
  /** Uptime of the first action since the host was last seen; -1 if unknown (board restarted). */
  private firstActMs: number;
  private steps: Step[];
  private stepIndex: number;
  private stepEndMs: number;
  /** true for a counted action; false for a TEST/force pulse, after which the old state resumes. */
  private stepsAreAction: boolean;
  private resumeState: WatchdogState;
  private resumeDeadlineMs: number;
  private pressed: boolean;
  private ledOverride: LedPattern | "";
  private ledUntilMs: number;
  private ledShown: LedPattern | "";
  private hostBoot: string;
  private reader: LineReader;
  private inputNowMs: number;

  constructor(opts: WatchdogOptions) {
    const r = opts.restored;
    this.o = opts;
    this.cfg = r === null ? copyConfig(DEFAULT_CONFIG) : copyConfig(r.cfg);
    this.attempts = r === null ? 0 : r.attempts;
    this.boots = r === null ? 0 : r.boots;
    this.log = r === null ? [] : r.log.slice();
    this.st = "waiting";
    this.deadlineMs = -1;
    this.holdUntilMs = -1;
    this.firstActMs = -1;
    this.steps = [];
    this.stepIndex = 0;
    this.stepEndMs = -1;
    this.stepsAreAction = false;
    this.resumeState = "waiting";
    this.resumeDeadlineMs = -1;
    this.pressed = false;
    this.ledOverride = "";
    this.ledUntilMs = -1;
    this.ledShown = "";
    this.hostBoot = "";
    this.inputNowMs = 0;
    this.reader = new LineReader(this.onLine.bind(this), this.onReadError.bind(this));
  }

  /** Board start: relays released first, then the start is recorded and announced. */
  start(nowMs: number): void {
    const out = this.o.out;
    out.relay(false);
    if (this.o.hasPower) out.power(false);
    this.updateLed(nowMs);
    this.boots++;
    if (this.o.corrupt > 0) this.record("corrupt", nowMs, this.o.corrupt, undefined);
    this.record("boot", nowMs, undefined, undefined);
    this.save();
    this.waitForBoot(this.cfg.bootTimeoutMs > 0 ? nowMs + this.cfg.bootTimeoutMs : -1);
    out.send(
      "!BOOT fw=" + this.o.fw + " board=" + this.o.board + " boots=" + this.boots + " attempts=" + this.attempts + " corrupt=" + this.o.corrupt,
    );
  }

  input(chunk: string, nowMs: number): void {
    this.tick(nowMs);
    this.inputNowMs = nowMs;
    this.reader.feed(chunk);
    this.updateLed(nowMs);
  }

  tick(nowMs: number): void {
    for (var i = 0; i < MAX_STEPS_PER_TICK; i++) {
      if (!this.advance(nowMs)) break;
    }
    this.updateLed(nowMs);
  }

  nextWakeMs(): number {
    let next = this.ledUntilMs;
    let due = -1;
    if (this.st === "acting") due = this.stepEndMs;
    else if (this.st === "holding") due = this.holdUntilMs;
    else if (this.st === "armed" && this.cfg.warnMs > 0) due = this.deadlineMs - this.cfg.warnMs;
    else if (this.st !== "gave-up") due = this.deadlineMs;
    if (due >= 0 && (next < 0 || due < next)) next = due;
    return next;
  }

  button(long: boolean, nowMs: number): void {
    this.tick(nowMs);
    if (this.st === "acting") return;
    if (this.st === "gave-up") {
      this.attempts = 0;
      this.firstActMs = -1;
      this.save();
      this.waitForBoot(this.cfg.bootTimeoutMs > 0 ? nowMs + this.cfg.bootTimeoutMs : -1);
    } else if (!long) {
      this.showLed("status", nowMs + STATUS_SHOW_MS);
    } else if (this.st === "holding") {
      this.arm(nowMs);
      this.o.out.send("!HOLD end");
    } else {
      this.startHold(nowMs, BUTTON_HOLD_MS);
      this.o.out.send("!HOLD left=" + BUTTON_HOLD_MS);
    }
    this.updateLed(nowMs);
  }

  forceReset(nowMs: number): void {
    this.tick(nowMs);
    if (this.st === "acting") return;
    this.record("force", nowMs, undefined, "input");
    this.save();
    this.o.out.send("!ACT force");
    this.begin(resetSteps(this.cfg), false, nowMs);
  }

  state(): WatchdogState {
    return this.st;
  }

  /* ---- commands (called by protocol.ts; each returns its reply line) ---- */

  cmdBeat(nowMs: number, seq: number, bootId: string): string {
    const reboot = bootId !== "" && this.hostBoot !== "" && bootId !== this.hostBoot;
    if (bootId !== "") this.hostBoot = bootId;
    if (this.st !== "acting") {
      if (this.attempts > 0 || this.st === "gave-up") this.back(nowMs);
      if (this.st !== "holding") this.arm(nowMs);
    }
    let reply = "OK BEAT left=" + this.leftMs(nowMs) + " state=" + this.st;
    if (seq >= 0) reply += " seq=" + seq;
    if (reboot) reply += " reboot=1";
    return reply;
  }

  cmdStatus(nowMs: number): string {
    return (
      "OK STATUS state=" + this.st + " left=" + this.leftMs(nowMs) + " timeout=" + this.cfg.timeoutMs + " pulse=" + this.cfg.pulseMs +
      " attempts=" + this.attempts + " uptime=" + nowMs + " fw=" + this.o.fw + " board=" + this.o.board +
      " hold=" + (this.st === "holding" ? this.holdUntilMs - nowMs : 0)
    );
  }

  cmdHello(): string {
    return "OK HELLO banken proto=" + PROTO_VERSION + " fw=" + this.o.fw + " board=" + this.o.board + " console=" + this.o.consoleCode;
  }

  cmdGet(key: ConfigKey | ""): string {
    if (key !== "") return "OK GET " + key + "=" + this.cfg[key];
    let reply = "OK GET";
    for (var i = 0; i < CONFIG_KEYS.length; i++) reply += " " + CONFIG_KEYS[i] + "=" + this.cfg[CONFIG_KEYS[i]];
    return reply;
  }

  cmdSet(nowMs: number, changes: Assignment[]): string {
    const next = copyConfig(this.cfg);
    let echo = "";
    let changed = false;
    for (var i = 0; i < changes.length; i++) {
      const c = changes[i];
      if (next[c.key] !== c.value) changed = true;
      next[c.key] = c.value;
      echo += " " + c.key + "=" + c.value;
    }
    if (this.cfg.locked === 1 && next.locked === 0) return errLine("locked", "locked=1: SET locked=0 refused");
    const bad = validateConfig(next);
    if (bad !== "") return errLine("range", bad);
    if (changed) {
      const old = this.cfg;
      this.cfg = next;
      this.record("config", nowMs, undefined, "command");
      if (!this.save()) {
        this.cfg = old;
        this.log.pop();
        return errLine("flash", "");
      }
    }
    return "OK SET" + echo;
  }

  cmdHold(nowMs: number, holdMs: number): string {
    if (holdMs === 0) {
      if (this.st === "holding") this.arm(nowMs);
    } else if (this.st === "acting" || this.st === "gave-up") {
      return errLine("busy", "HOLD while " + this.st);
    } else {
      this.startHold(nowMs, holdMs);
    }
    return "OK HOLD hold=" + holdMs + " state=" + this.st;
  }

  cmdArm(nowMs: number): string {
    if (this.st === "acting" || this.st === "gave-up") return errLine("busy", "ARM while " + this.st);
    if (this.st === "waiting" || this.st === "holding") this.arm(nowMs);
    return "OK ARM state=" + this.st + " left=" + this.leftMs(nowMs);
  }

  cmdDisarm(): string {
    if (this.cfg.locked === 1) return errLine("locked", "locked=1: DISARM refused");
    if (this.st === "acting" || this.st === "gave-up") return errLine("busy", "DISARM while " + this.st);
    this.waitForBoot(-1);
    return "OK DISARM state=" + this.st;
  }

  cmdLog(index: number): string {
    const count = this.log.length;
    if (index >= count) return errLine("range", count === 0 ? "log is empty" : "LOG 0.." + (count - 1));
    if (count === 0) return "OK LOG of=0";
    const i = index < 0 ? 0 : index;
    return "OK LOG i=" + i + " of=" + count + " " + formatEvent(this.log[count - 1 - i]);
  }

  cmdTestLed(nowMs: number): string {
    if (this.st === "acting") return errLine("busy", "TEST while acting");
    this.showLed("solid", nowMs + TEST_LED_MS);
    return "OK TEST led ms=" + TEST_LED_MS;
  }

  cmdTestRelay(nowMs: number): string {
    if (this.st === "acting") return errLine("busy", "TEST while acting");
    this.record("test", nowMs, undefined, "command");
    this.save();
    this.begin(resetSteps(this.cfg), false, nowMs);
    return "OK TEST relay pulse=" + this.cfg.pulseMs;
  }

  cmdConsole(code: string): string {
    if (code !== this.o.consoleCode) return errLine("code", "");
    this.o.out.send("OK CONSOLE");
    this.o.onConsole();
    return "";
  }

  /* ---- internals ---- */

  private onLine(line: string): void {
    const reply = handleLine(this, line, this.inputNowMs);
    if (reply !== "") this.o.out.send(reply);
  }

  private onReadError(code: ErrorCode): void {
    this.o.out.send(errLine(code, ""));
  }

  /** Runs the one transition due at nowMs, if any; true if it ran one. */
  private advance(nowMs: number): boolean {
    const st = this.st;
    if (st === "acting") {
      if (nowMs < this.stepEndMs) return false;
      this.nextStep(nowMs);
    } else if (st === "holding") {
      if (nowMs < this.holdUntilMs) return false;
      this.arm(nowMs);
      this.o.out.send("!HOLD end");
    } else if (st === "gave-up" || this.deadlineMs < 0) {
      return false;
    } else if (nowMs >= this.deadlineMs) {
      this.expire(nowMs, st === "waiting" ? "boot-timeout" : "timeout");
    } else if (st === "armed" && this.cfg.warnMs > 0 && nowMs >= this.deadlineMs - this.cfg.warnMs) {
      this.st = "warning";
      this.o.out.send("!WARN left=" + (this.deadlineMs - nowMs));
    } else {
      return false;
    }
    return true;
  }

  /** A deadline passed: act, or give up once maxAttempts actions went unanswered. */
  private expire(nowMs: number, reason: string): void {
    if (this.attempts >= this.cfg.maxAttempts) {
      this.st = "gave-up";
      this.deadlineMs = -1;
      this.record("gave-up", nowMs, this.attempts, reason);
      this.save();
      this.o.out.send("!ACT gave-up n=" + this.attempts);
      return;
    }
    this.attempts++;
    if (this.attempts === 1) this.firstActMs = nowMs;
    const power = this.o.hasPower && this.attempts > this.cfg.resetsBeforePower;
    const kind = power ? "power" : "reset";
    this.record(kind, nowMs, this.attempts, reason);
    this.save();
    this.o.out.send("!ACT " + kind + " n=" + this.attempts);
    this.begin(power ? powerSteps(this.cfg) : resetSteps(this.cfg), true, nowMs);
  }

  private begin(steps: Step[], isAction: boolean, nowMs: number): void {
    this.resumeState = this.st;
    this.resumeDeadlineMs = this.deadlineMs;
    this.st = "acting";
    this.steps = steps;
    this.stepsAreAction = isAction;
    this.stepIndex = -1;
    this.nextStep(nowMs);
  }

  private nextStep(nowMs: number): void {
    this.stepIndex++;
    if (this.stepIndex >= this.steps.length) {
      this.finish(nowMs);
      return;
    }
    const step = this.steps[this.stepIndex];
    if (step.reset) this.o.out.relay(step.pressed);
    else this.o.out.power(step.pressed);
    this.pressed = step.pressed;
    this.stepEndMs = nowMs + step.ms;
    this.updateLed(nowMs);
  }

  /**
   * After an action, or a TEST/force pulse that interrupted a running judgment, the host is booting:
   * it gets bootTimeoutMs (or timeoutMs) for its first BEAT. A pulse in any other state resumes it.
   */
  private finish(nowMs: number): void {
    this.pressed = false;
    this.stepEndMs = -1;
    const prev = this.resumeState;
    if (this.stepsAreAction || prev === "armed" || prev === "warning") {
      this.waitForBoot(nowMs + (this.cfg.bootTimeoutMs > 0 ? this.cfg.bootTimeoutMs : this.cfg.timeoutMs));
    } else {
      this.st = prev;
      this.deadlineMs = this.resumeDeadlineMs;
    }
  }

  /** waiting: deadlineMs is the boot deadline, -1 = until the first BEAT. */
  private waitForBoot(deadlineMs: number): void {
    this.st = "waiting";
    this.deadlineMs = deadlineMs;
    this.holdUntilMs = -1;
  }

  /** Also how a hold ends (expiry, HOLD 0, button): judgment restarts with a full timeoutMs. */
  private arm(nowMs: number): void {
    this.st = "armed";
    this.deadlineMs = nowMs + this.cfg.timeoutMs;
    this.holdUntilMs = -1;
  }

  private startHold(nowMs: number, holdMs: number): void {
    this.st = "holding";
    this.holdUntilMs = nowMs + holdMs;
    this.deadlineMs = -1;
  }

  /** The host answered after actions: record how long it was away and clear the attempt counter. */
  private back(nowMs: number): void {
    const afterMs = this.firstActMs >= 0 ? nowMs - this.firstActMs : -1;
    this.attempts = 0;
    this.firstActMs = -1;
    if (this.st === "gave-up") this.st = "waiting";
    this.record("back", nowMs, afterMs, undefined);
    this.save();
    this.o.out.send("!BACK after=" + afterMs);
  }

  private leftMs(nowMs: number): number {
    if (this.st === "acting" || this.st === "holding" || this.st === "gave-up" || this.deadlineMs < 0) return -1;
    return this.deadlineMs > nowMs ? this.deadlineMs - nowMs : 0;
  }

  private record(k: EventKind, nowMs: number, n: number | undefined, r: string | undefined): void {
    const event: HistoryEvent = { k: k, t: nowMs, b: this.boots };
    if (n !== undefined) event.n = n;
    if (r !== undefined) event.r = r;
    pushEvent(this.log, event);
  }

  /** false if the hardware layer reports a failed flash write. */
  private save(): boolean {
    const ok = this.o.out.save({ cfg: this.cfg, attempts: this.attempts, boots: this.boots, log: this.log });
    return ok !== false;
  }

  private showLed(pattern: LedPattern, untilMs: number): void {
    this.ledOverride = pattern;
    this.ledUntilMs = untilMs;
  }

  /** LED rule: solid exactly while a relay is pressed; an override (TEST led, status) otherwise wins. */
  private updateLed(nowMs: number): void {
    if (this.ledUntilMs >= 0 && nowMs >= this.ledUntilMs) {
      this.ledOverride = "";
      this.ledUntilMs = -1;
    }
    let pattern: LedPattern = "off";
    if (this.st === "acting") pattern = this.pressed ? "solid" : "off";
    else if (this.ledOverride !== "") pattern = this.ledOverride;
    else if (this.st === "gave-up") pattern = "gave-up";
    else if (this.st === "warning") pattern = "warn-blink";
    if (pattern !== this.ledShown) {
      this.ledShown = pattern;
      this.o.out.led(pattern);
    }
  }
}
