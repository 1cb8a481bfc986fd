// The watchdog state machine: a pure deadline machine. Inputs are events with a time (bytes, ticks,
// button, force input); outputs go through `Outputs`. It never reads a clock and never sets a timer:
// the hardware layer calls tick(now) at nextWakeMs(). States and transitions: docs/protocol.md.
import { copyConfig, DEFAULT_CONFIG, validateConfig, CONFIG_KEYS, findConfigKey, parseUint } from "./config.ts";
import { formatEvent, pushEvent } from "./history.ts";
import { LineReader } from "./lines.ts";
import { errLine, handleLine, MAX_BOOT_ID, PROTO_VERSION, splitAt } from "./protocol.ts";
import type { Verb } from "./protocol.ts";
import { powerSteps, resetSteps } from "./sequence.ts";
import type { Step } from "./sequence.ts";
import { MAX_HOLD_MS } from "./types.ts";
import type { Config, ErrorCode, EventKind, HistoryEvent, LedPattern, Outputs, PersistedState, WatchdogState } from "./types.ts";

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
/** States as small integers inside the core (cheaper on the board than strings); STATE_NAMES maps them to the wire. */
const WAITING = 0;
const ARMED = 1;
const WARNING = 2;
const ACTING = 3;
const HOLDING = 4;
const GAVE_UP = 5;
const STATE_NAMES: WatchdogState[] = ["waiting", "armed", "warning", "acting", "holding", "gave-up"];
/** Safety cap on transitions per tick; a tick normally runs one or two. */
const MAX_STEPS_PER_TICK = 32;

export class Watchdog {
  /** Board start: relays released first, then the start is recorded and announced. */
  start: (nowMs: number) => void;
  input: (chunk: string, nowMs: number) => void;
  tick: (nowMs: number) => void;
  nextWakeMs: () => number;
  button: (long: boolean, nowMs: number) => void;
  forceReset: (nowMs: number) => void;
  state: () => WatchdogState;

  constructor(opts: WatchdogOptions) {
    const r = opts.restored;
    let cfg: Config = r === null ? copyConfig(DEFAULT_CONFIG) : copyConfig(r.cfg);
    let attempts: number = r === null ? 0 : r.attempts;
    let boots: number = r === null ? 0 : r.boots;
    const log: HistoryEvent[] = r === null ? [] : r.log.slice();
    let st = WAITING;
    /** armed/warning: when to act; waiting: boot deadline, or -1 = wait for the first BEAT forever. */
    let deadlineMs: number = -1;
    let holdUntilMs: number = -1;
    /** Uptime of the first action since the host was last seen; -1 if unknown (board restarted). */
    let firstActMs: number = -1;
    let steps: Step[] = [];
    let stepIndex: number = 0;
    let stepEndMs: number = -1;
    /** true for a counted action; false for a TEST/force pulse, after which the old state resumes. */
    let stepsAreAction: boolean = false;
    let resumeState = WAITING;
    let resumeDeadlineMs: number = -1;
    let pressed: boolean = false;
    let ledOverride: LedPattern | "" = "";
    let ledUntilMs: number = -1;
    let ledShown: LedPattern | "" = "";
    let hostBoot: string = "";
    let inputNowMs: number = 0;

    function send(line: string): void {
      opts.out.send(line);
    }

    /** Runs the one transition due at nowMs, if any; true if it ran one. */
    function advance(nowMs: number): boolean {
      if (st === ACTING) {
        if (nowMs < stepEndMs) return false;
        nextStep(nowMs);
      } else if (st === HOLDING) {
        if (nowMs < holdUntilMs) return false;
        arm(nowMs);
        send("!HOLD end");
      } else if (st === GAVE_UP || deadlineMs < 0) {
        return false;
      } else if (nowMs >= deadlineMs) {
        expire(nowMs, st === WAITING ? "boot-timeout" : "timeout");
      } else if (st === ARMED && cfg.warnMs > 0 && nowMs >= deadlineMs - cfg.warnMs) {
        st = WARNING;
        send("!WARN left=" + (deadlineMs - nowMs));
      } else {
        return false;
      }
      return true;
    }

    /** A deadline passed: act, or give up once maxAttempts actions went unanswered. */
    function expire(nowMs: number, reason: string): void {
      if (attempts >= cfg.maxAttempts) {
        st = GAVE_UP;
        deadlineMs = -1;
        record("gave-up", nowMs, attempts, reason);
        save();
        send("!ACT gave-up n=" + attempts);
        return;
      }
      attempts++;
      if (attempts === 1) firstActMs = nowMs;
      const power = opts.hasPower && attempts > cfg.resetsBeforePower;
      const kind = power ? "power" : "reset";
      record(kind, nowMs, attempts, reason);
      save();
      send("!ACT " + kind + " n=" + attempts);
      begin(power ? powerSteps(cfg) : resetSteps(cfg), true, nowMs);
    }

    function begin(seq: Step[], isAction: boolean, nowMs: number): void {
      resumeState = st;
      resumeDeadlineMs = deadlineMs;
      st = ACTING;
      steps = seq;
      stepsAreAction = isAction;
      stepIndex = -1;
      nextStep(nowMs);
    }

    function nextStep(nowMs: number): void {
      stepIndex++;
      if (stepIndex >= steps.length) {
        finish(nowMs);
        return;
      }
      const step = steps[stepIndex];
      if (step._reset) opts.out.relay(step._pressed);
      else opts.out.power(step._pressed);
      pressed = step._pressed;
      stepEndMs = nowMs + step._ms;
      updateLed(nowMs);
    }

    /**
     * After an action, or a TEST/force pulse that interrupted a running judgment, the host is booting:
     * it gets bootTimeoutMs (or timeoutMs) for its first BEAT. A pulse in any other state resumes it.
     */
    function finish(nowMs: number): void {
      pressed = false;
      stepEndMs = -1;
      const prev = resumeState;
      if (stepsAreAction || prev === ARMED || prev === WARNING) {
        waitForBoot(nowMs + (cfg.bootTimeoutMs > 0 ? cfg.bootTimeoutMs : cfg.timeoutMs));
      } else {
        st = prev;
        deadlineMs = resumeDeadlineMs;
      }
    }

    /** waiting: deadlineMs is the boot deadline, -1 = until the first BEAT. */
    function waitForBoot(untilMs: number): void {
      st = WAITING;
      deadlineMs = untilMs;
      holdUntilMs = -1;
    }

    /** Also how a hold ends (expiry, HOLD 0, button): judgment restarts with a full timeoutMs. */
    function arm(nowMs: number): void {
      st = ARMED;
      deadlineMs = nowMs + cfg.timeoutMs;
      holdUntilMs = -1;
    }

    function startHold(nowMs: number, holdMs: number): void {
      st = HOLDING;
      holdUntilMs = nowMs + holdMs;
      deadlineMs = -1;
    }

    /** The host answered after actions: record how long it was away and clear the attempt counter. */
    function back(nowMs: number): void {
      const afterMs = firstActMs >= 0 ? nowMs - firstActMs : -1;
      attempts = 0;
      firstActMs = -1;
      if (st === GAVE_UP) st = WAITING;
      record("back", nowMs, afterMs);
      save();
      send("!BACK after=" + afterMs);
    }

    function leftMs(nowMs: number): number {
      if (st === ACTING || st === HOLDING || st === GAVE_UP || deadlineMs < 0) return -1;
      return deadlineMs > nowMs ? deadlineMs - nowMs : 0;
    }

    function record(k: EventKind, nowMs: number, n?: number, r?: string): void {
      const event: HistoryEvent = { k: k, t: nowMs, b: boots };
      if (n !== undefined) event.n = n;
      if (r !== undefined) event.r = r;
      pushEvent(log, event);
    }

    /** false if the hardware layer reports a failed flash write. */
    function save(): boolean {
      const ok = opts.out.save({ cfg: cfg, attempts: attempts, boots: boots, log: log });
      return ok !== false;
    }

    function showLed(pattern: LedPattern, untilMs: number): void {
      ledOverride = pattern;
      ledUntilMs = untilMs;
    }

    /** LED rule: solid exactly while a relay is pressed; an override (TEST led, status) otherwise wins. */
    function updateLed(nowMs: number): void {
      if (ledUntilMs >= 0 && nowMs >= ledUntilMs) {
        ledOverride = "";
        ledUntilMs = -1;
      }
      let pattern: LedPattern = "off";
      if (st === ACTING) pattern = pressed ? "solid" : "off";
      else if (ledOverride !== "") pattern = ledOverride;
      else if (st === GAVE_UP) pattern = "gave-up";
      else if (st === WARNING) pattern = "warn-blink";
      if (pattern !== ledShown) {
        ledShown = pattern;
        opts.out.led(pattern);
      }
    }

    function tick(nowMs: number): void {
      for (var i = 0; i < MAX_STEPS_PER_TICK; i++) {
        if (!advance(nowMs)) break;
      }
      updateLed(nowMs);
    }

    /* ---- the command table: one function per verb, argument checks included; each returns its reply line ---- */
    const verbs: { [verb: string]: Verb } = {
      BEAT: function (args: string[], nowMs: number): string {
        let seq = -1;
        let bootId = "";
        for (var i = 0; i < args.length; i++) {
          const eq = splitAt(args[i]);
          const key = eq < 0 ? "" : args[i].substring(0, eq).toLowerCase();
          const value = args[i].substring(eq + 1);
          if (key === "seq" && parseUint(value) >= 0) seq = parseUint(value);
          else if (key === "boot" && value.length <= MAX_BOOT_ID) bootId = value;
          else return errLine("arg", "BEAT [seq=N] [boot=ID]");
        }
        const reboot = bootId !== "" && hostBoot !== "" && bootId !== hostBoot;
        if (bootId !== "") hostBoot = bootId;
        if (st !== ACTING) {
          if (attempts > 0 || st === GAVE_UP) back(nowMs);
          if (st !== HOLDING) arm(nowMs);
        }
        let reply = "OK BEAT left=" + leftMs(nowMs) + " state=" + STATE_NAMES[st];
        if (seq >= 0) reply += " seq=" + seq;
        if (reboot) reply += " reboot=1";
        return reply;
      },
      STATUS: function (_args: string[], nowMs: number): string {
        return (
          "OK STATUS state=" + STATE_NAMES[st] + " left=" + leftMs(nowMs) + " timeout=" + cfg.timeoutMs + " pulse=" + cfg.pulseMs +
          " attempts=" + attempts + " uptime=" + nowMs + " fw=" + opts.fw + " board=" + opts.board +
          " hold=" + (st === HOLDING ? holdUntilMs - nowMs : 0)
        );
      },
      HELLO: function (): string {
        return "OK HELLO banken proto=" + PROTO_VERSION + " fw=" + opts.fw + " board=" + opts.board + " console=" + opts.consoleCode;
      },
      GET: function (args: string[]): string {
        if (args.length > 1) return errLine("arg", "GET [key]");
        if (args.length === 1) {
          const key = findConfigKey(args[0]);
          return key === "" ? errLine("key", args[0]) : "OK GET " + key + "=" + cfg[key];
        }
        let reply = "OK GET";
        for (var i = 0; i < CONFIG_KEYS.length; i++) reply += " " + CONFIG_KEYS[i] + "=" + cfg[CONFIG_KEYS[i]];
        return reply;
      },
      SET: function (args: string[], nowMs: number): string {
        if (args.length === 0) return errLine("arg", "SET key=value ...");
        const next = copyConfig(cfg);
        let echo = "";
        let changed = false;
        for (var i = 0; i < args.length; i++) {
          const eq = splitAt(args[i]);
          if (eq < 0) return errLine("arg", args[i]);
          const key = findConfigKey(args[i].substring(0, eq));
          if (key === "") return errLine("key", args[i].substring(0, eq));
          const value = parseUint(args[i].substring(eq + 1));
          if (value < 0) return errLine("arg", args[i]);
          if (next[key] !== value) changed = true;
          next[key] = value;
          echo += " " + key + "=" + value;
        }
        if (cfg.locked === 1 && next.locked === 0) return errLine("locked", "locked=1: SET locked=0 refused");
        const bad = validateConfig(next);
        if (bad !== "") return errLine("range", bad);
        if (changed) {
          const old = cfg;
          cfg = next;
          record("config", nowMs, undefined, "command");
          if (!save()) {
            cfg = old;
            log.pop();
            return errLine("flash", "");
          }
        }
        return "OK SET" + echo;
      },
      HOLD: function (args: string[], nowMs: number): string {
        const holdMs = args.length === 1 ? parseUint(args[0]) : -1;
        if (holdMs < 0) return errLine("arg", "HOLD <ms>");
        if (holdMs > MAX_HOLD_MS) return errLine("range", "HOLD 0.." + MAX_HOLD_MS);
        if (holdMs === 0) {
          if (st === HOLDING) arm(nowMs);
        } else if (st === ACTING || st === GAVE_UP) {
          return errLine("busy", "HOLD while " + STATE_NAMES[st]);
        } else {
          startHold(nowMs, holdMs);
        }
        return "OK HOLD hold=" + holdMs + " state=" + STATE_NAMES[st];
      },
      ARM: function (_args: string[], nowMs: number): string {
        if (st === ACTING || st === GAVE_UP) return errLine("busy", "ARM while " + STATE_NAMES[st]);
        if (st === WAITING || st === HOLDING) arm(nowMs);
        return "OK ARM state=" + STATE_NAMES[st] + " left=" + leftMs(nowMs);
      },
      DISARM: function (): string {
        if (cfg.locked === 1) return errLine("locked", "locked=1: DISARM refused");
        if (st === ACTING || st === GAVE_UP) return errLine("busy", "DISARM while " + STATE_NAMES[st]);
        waitForBoot(-1);
        return "OK DISARM state=" + STATE_NAMES[st];
      },
      LOG: function (args: string[]): string {
        const index = args.length === 0 ? 0 : args.length === 1 ? parseUint(args[0]) : -1;
        if (index < 0) return errLine("arg", "LOG [i]");
        const count = log.length;
        if (args.length === 0 && count === 0) return "OK LOG of=0";
        if (index >= count) return errLine("range", count === 0 ? "log is empty" : "LOG 0.." + (count - 1));
        return "OK LOG i=" + index + " of=" + count + " " + formatEvent(log[count - 1 - index]);
      },
      TEST: function (args: string[], nowMs: number): string {
        const what = args.length > 0 ? args[0].toLowerCase() : "";
        const relay = what === "relay" && args.length <= 2;
        if (!relay && (what !== "led" || args.length !== 1)) return errLine("arg", "TEST led | TEST relay confirm=yes");
        if (relay && (args.length < 2 || args[1].toLowerCase() !== "confirm=yes")) return errLine("confirm", "");
        if (st === ACTING) return errLine("busy", "TEST while acting");
        if (!relay) {
          showLed("solid", nowMs + TEST_LED_MS);
          return "OK TEST led ms=" + TEST_LED_MS;
        }
        record("test", nowMs, undefined, "command");
        save();
        begin(resetSteps(cfg), false, nowMs);
        return "OK TEST relay pulse=" + cfg.pulseMs;
      },
      CONSOLE: function (args: string[]): string {
        if (args.length !== 1) return errLine("arg", "CONSOLE <code>");
        if (args[0] !== opts.consoleCode) return errLine("code", "");
        send("OK CONSOLE");
        opts.onConsole();
        return "";
      },
    };

    function onLine(line: string): void {
      const reply = handleLine(verbs, line, inputNowMs);
      if (reply !== "") send(reply);
    }

    function onReadError(code: ErrorCode): void {
      send(errLine(code, ""));
    }
    const reader = new LineReader(onLine, onReadError);

    /** Board start: relays released first, then the start is recorded and announced. */
    this.start = function (nowMs: number): void {
      const out = opts.out;
      out.relay(false);
      if (opts.hasPower) out.power(false);
      updateLed(nowMs);
      boots++;
      if (opts.corrupt > 0) record("corrupt", nowMs, opts.corrupt);
      record("boot", nowMs);
      save();
      waitForBoot(cfg.bootTimeoutMs > 0 ? nowMs + cfg.bootTimeoutMs : -1);
      out.send(
        "!BOOT fw=" + opts.fw + " board=" + opts.board + " boots=" + boots + " attempts=" + attempts + " corrupt=" + opts.corrupt,
      );
    };

    this.input = function (chunk: string, nowMs: number): void {
      tick(nowMs);
      inputNowMs = nowMs;
      reader.feed(chunk);
      updateLed(nowMs);
    };

    this.tick = tick;

    /** While acting the LED follows the relay, so only the step end wakes (see firmware/hw/timer.ts). */
    this.nextWakeMs = function (): number {
      let next = st === ACTING ? -1 : ledUntilMs;
      let due = -1;
      if (st === ACTING) due = stepEndMs;
      else if (st === HOLDING) due = holdUntilMs;
      else if (st === ARMED && cfg.warnMs > 0) due = deadlineMs - cfg.warnMs;
      else if (st !== GAVE_UP) due = deadlineMs;
      if (due >= 0 && (next < 0 || due < next)) next = due;
      return next;
    };

    this.button = function (long: boolean, nowMs: number): void {
      tick(nowMs);
      if (st === ACTING) return;
      if (st === GAVE_UP) {
        attempts = 0;
        firstActMs = -1;
        save();
        waitForBoot(cfg.bootTimeoutMs > 0 ? nowMs + cfg.bootTimeoutMs : -1);
      } else if (!long) {
        showLed("status", nowMs + STATUS_SHOW_MS);
      } else if (st === HOLDING) {
        arm(nowMs);
        send("!HOLD end");
      } else {
        startHold(nowMs, BUTTON_HOLD_MS);
        send("!HOLD left=" + BUTTON_HOLD_MS);
      }
      updateLed(nowMs);
    };

    this.forceReset = function (nowMs: number): void {
      tick(nowMs);
      if (st === ACTING) return;
      record("force", nowMs, undefined, "input");
      save();
      send("!ACT force");
      begin(resetSteps(cfg), false, nowMs);
    };

    this.state = function (): WatchdogState {
      return STATE_NAMES[st];
    };
  }
}
