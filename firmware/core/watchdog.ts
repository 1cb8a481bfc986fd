// The watchdog state machine: a pure deadline machine. Inputs are events with a time (bytes, ticks,
// button, force input); outputs go through `Outputs`. It never reads a clock and never sets a timer:
// the hardware layer calls tick(now) at nextWakeMs(). States and transitions: docs/protocol.md.
//
// Index (in this order, all inside the constructor):
//   1. state        the variables of one board's run (config, counters, deadlines, LED, line reader)
//   2. policy       deadlines, escalation, relay sequences, saves, LED rule, tick(); start(), the
//                   button and the force input
//   3. line reader  input(): bytes split anywhere → request lines
//   4. command table command(): one request line → one reply line, one case per verb
//
// Why one constructor closure with few functions: on the board every function costs JsVars (~4,
// plus one per parameter and one as a closure), measured with process.memory() on the real
// interpreter (docs/performance.md, item 4). So the pieces live as few functions in the
// constructor's closure, the time of the event being handled is one variable (`now`) set by each
// entry point instead of a parameter of every helper, the line reader is a loop in input(), the
// command table one switch in command(), and relay sequences a table (sequence.ts) run by step().
import { configRow, copyConfig, defaultConfig, validateConfig, findConfigKey, parseUint } from "./config.ts";
import { eventText } from "./history.ts";
import { errLine, MAX_BOOT_ID, PROTO_VERSION, splitAt } from "./protocol.ts";
import { sequenceStep } from "./sequence.ts";
import { MAX_HOLD_MS, MAX_LINE } from "./types.ts";
import type { Config, EventKind, HistoryEvent, LedPattern, Outputs, PersistedState, WatchdogState } from "./types.ts";

export interface WatchdogOptions {
  out: Outputs;
  /** From loadState(); null on a blank or unreadable flash (defaults are used). Taken over: the constructor sets this field to null. */
  restored: PersistedState | null;
  /** Corrupt flash records met while loading; reported in !BOOT and recorded as an event. */
  corrupt: number;
  /** A power-button relay is wired: enables the power-cycle escalation. */
  hasPower: boolean;
  fw: string;
  board: string;
  /** Code CONSOLE must present; printed by HELLO. */
  consoleCode: string;
}

/** How long a short button press shows the "status" pattern. */
export const STATUS_SHOW_MS = 3000;
/** How long TEST led keeps the LED solid. */
export const TEST_LED_MS = 3000;
/** The hold a long button press starts. */
export const BUTTON_HOLD_MS = 3600000;
/** A button press at least this long is a long press (toggles the 1 h hold). */
export const LONG_PRESS_MS = 2000;
/**
 * Factory reset by the board's button (the way out of locked=1): a press that began within
 * FACTORY_WINDOW_MS of the firmware's start and was held at least FACTORY_HOLD_MS.
 */
export const FACTORY_WINDOW_MS = 5000;
export const FACTORY_HOLD_MS = 10000;
/**
 * The flash journal is compacted only when nothing is due for at least this long, never while a
 * relay sequence runs and never while attempts > 0: compacting real flash can take seconds, and no
 * deadline may wait for it. And Espruino's compaction is not power-safe (files in its one-page swap
 * buffer are lost if the power goes): during a hang the attempt count on flash is what makes a
 * restarted board judge the host, so it is never put at that risk.
 */
export const COMPACT_MARGIN_MS = 10000;
/**
 * A TEST or force pulse shorter than this saves after its release, not while it is held: a save
 * held the relay past a 50 ms pulse (105 ms) on the real interpreter. Such a pulse counts no
 * attempt, so a restart before the save loses only its history event. An action always saves
 * while pressed: its attempt count is what makes a board restarted mid-hang judge the host.
 */
export const SAVE_IN_PRESS_MIN_MS = 1000;
/** States as small integers inside the core (cheaper on the board than strings); stateName() maps them to the wire. */
const WAITING = 0;
const ARMED = 1;
const WARNING = 2;
const ACTING = 3;
const HOLDING = 4;
const GAVE_UP = 5;
/** The wire name of a state; a switch, so the names stay in flash on the board. */
function stateName(st: number): WatchdogState {
  switch (st) {
    case ARMED: return "armed";
    case WARNING: return "warning";
    case ACTING: return "acting";
    case HOLDING: return "holding";
    case GAVE_UP: return "gave-up";
  }
  return "waiting";
}
/** Safety cap on transitions per tick; a tick normally runs one or two. */
const MAX_STEPS_PER_TICK = 32;

export class Watchdog {
  /** Board start: relays released first, then the start is recorded and announced. */
  start: (nowMs: number) => void;
  input: (chunk: string, nowMs: number) => void;
  tick: (nowMs: number) => void;
  nextWakeMs: () => number;
  /** The board's button was released after being held `heldMs`. */
  button: (heldMs: number, nowMs: number) => void;
  forceReset: (nowMs: number) => void;
  state: () => WatchdogState;

  constructor(opts: WatchdogOptions) {
    // ---- 1. state ----
    const out = opts.out;
    let r = opts.restored;
    // The restored config is taken over, not copied. The core never changes a config in place (SET
    // builds a new one). The history lives in flash only (LOG reads it through out "history", a
    // save appends to it): 16 events kept in RAM cost ~80 JsVars for good.
    let cfg: Config = r === null ? defaultConfig() : r.cfg;
    let attempts: number = r === null ? 0 : r.attempts;
    let boots: number = r === null ? 0 : r.boots;
    /** The restored record asked the next start to judge the host's boot (PersistedState.judge). */
    const restoredJudge = r !== null && r.judge === 1 ? 1 : 0;
    // Every closure below keeps this scope, `opts` included: nothing of the loaded record stays
    // reachable (its config would outlive a SET as a second copy).
    r = null;
    opts.restored = null;
    /** The time of the event being handled: set first by every entry point (start, input, tick, button, force). */
    // Flags are 0/1 numbers, not booleans: a variable holding a small number costs one JsVar on the
    // board, one holding a boolean two.
    let now = 0;
    /** Events recorded since the last save; the next save appends them to the flash history. */
    let unsaved: HistoryEvent[] = [];
    let st = WAITING;
    /** armed/warning: when to act; waiting: boot deadline, or -1 = wait for the first BEAT forever. */
    let deadlineMs: number = -1;
    let holdUntilMs: number = -1;
    /** Uptime of the first action since the host was last seen; -1 if unknown (board restarted). */
    let firstActMs: number = -1;
    /** The running sequence: the power cycle (true) or the reset pulse. */
    let stepsPower = 0;
    /** The config in force when the sequence began: a SET while acting does not change its steps. */
    let stepsCfg: Config = cfg;
    let stepIndex: number = 0;
    let stepEndMs: number = -1;
    /** true for a counted action; false for a TEST/force pulse, after which the old state resumes. */
    let stepsAreAction = 0;
    let resumeState = WAITING;
    let resumeDeadlineMs: number = -1;
    let pressed = 0;
    let ledOverride: LedPattern | "" = "";
    let ledUntilMs: number = -1;
    let ledShown: LedPattern | "" = "";
    let hostBoot: string = "";
    /**
     * The running hold is CONSOLE's: when it runs out the board restarts itself (out "restart").
     * A hold (HOLD, CONSOLE, a long button press) is entered with consoleHold and beatSinceHold set.
     */
    let consoleHold = 0;
    /** Persisted: the next board start judges the host's boot (types.ts, PersistedState.judge). */
    let judge = 0;
    /** A BEAT came since the board started and since the last hold began (locked=1 needs one for HOLD). */
    let beatSinceHold = 0;
    /** A save happened since the last compaction check. */
    let flashWritten = 0;
    /**
     * A save put off until no relay is pressed and the reply has gone out: nothing that is not the
     * host's answer waits for flash. Run by tick() and after each reply.
     */
    let savePending = 0;
    /** Uptime at start(), for the factory-reset window. */
    let startMs = 0;
    /** The line reader (see input()): the line so far, a bad byte seen, skipping an over-long line, last byte was "\r". */
    let lineText = "";
    let lineBad = 0;
    let lineSkipping = 0;
    let afterCR = 0;

    // ---- 2. policy ----

    /** Enters `state` with its deadline (armed/warning/waiting) and hold end (holding); -1 = none. */
    function enter(state: number, untilMs: number, holdEndMs: number): void {
      st = state;
      deadlineMs = untilMs;
      holdUntilMs = holdEndMs;
    }

    /**
     * Waiting for the host's first BEAT. Judged (`judged` true: after an action, a board start with
     * attempts > 0 or after a console hand-off): deadline bootTimeoutMs, or timeoutMs when that is 0.
     * Otherwise (a plain board start, the button clearing gave-up): bootTimeoutMs, or none when it is 0.
     */
    function waitForBoot(judged: boolean): void {
      const ms = cfg.bootTimeoutMs > 0 ? cfg.bootTimeoutMs : judged ? cfg.timeoutMs : -1;
      enter(WAITING, ms < 0 ? -1 : now + ms, -1);
    }

    function leftMs(): number {
      if (st === ACTING || st === HOLDING || st === GAVE_UP || deadlineMs < 0) return -1;
      return deadlineMs > now ? deadlineMs - now : 0;
    }

    /**
     * Runs the one transition due now, if any; true if it ran one. Arming is also how a hold ends
     * (expiry, HOLD 0, button): judgment restarts with a full timeoutMs. A deadline that passes
     * acts, or gives up once maxAttempts actions went unanswered.
     */
    function advance(): boolean {
      if (st === ACTING) {
        if (now < stepEndMs) return false;
        step();
      } else if (st === HOLDING) {
        if (now < holdUntilMs) return false;
        out("send", "!HOLD end");
        if (consoleHold) {
          // Nobody restarted the board during the hand-off: restart into the firmware, which then
          // judges the host's boot (judge is still 1 from CONSOLE). Should load() not restart it,
          // this life guards the same way.
          consoleHold = 0;
          record("console", undefined, "expired");
          save();
          waitForBoot(true);
          out("restart");
        } else {
          enter(ARMED, now + cfg.timeoutMs, -1);
        }
      } else if (st === GAVE_UP || deadlineMs < 0) {
        return false;
      } else if (now >= deadlineMs) {
        const reason = st === WAITING ? "boot-timeout" : "timeout";
        if (attempts >= cfg.maxAttempts) {
          enter(GAVE_UP, -1, holdUntilMs);
          out("send", "!ACT gave-up n=" + attempts);
          record("gave-up", attempts, reason);
          save();
          return true;
        }
        attempts++;
        if (attempts === 1) firstActMs = now;
        const power = opts.hasPower && attempts > cfg.resetsBeforePower;
        // The relay first: nothing (line, history, JSON, CRC, flash) stands between the deadline
        // and the press. The save follows at once, while the relay is held: the attempt count is on
        // flash long before a held power button cuts the host's (and a USB-powered board's) supply.
        begin(power, true);
        out("send", "!ACT " + (power ? "power" : "reset") + " n=" + attempts);
        record(power ? "power" : "reset", attempts, reason);
        save();
      } else if (st === ARMED && cfg.warnMs > 0 && now >= deadlineMs - cfg.warnMs) {
        st = WARNING;
        out("send", "!WARN left=" + (deadlineMs - now));
      } else {
        return false;
      }
      return true;
    }

    /**
     * Starts a relay sequence: an action (counted) or a TEST/force pulse. An uncounted pulse saves
     * its event at once when it is long (SAVE_IN_PRESS_MIN_MS), else after its release.
     */
    function begin(power: boolean, isAction: boolean): void {
      resumeState = st;
      resumeDeadlineMs = deadlineMs;
      st = ACTING;
      stepsPower = power ? 1 : 0;
      stepsCfg = cfg;
      stepsAreAction = isAction ? 1 : 0;
      stepIndex = -1;
      step();
    }

    /**
     * Starts the next step of the running sequence. After the last one: after an action, or a
     * TEST/force pulse that interrupted a running judgment, the host is booting: it gets
     * bootTimeoutMs (or timeoutMs) for its first BEAT. A pulse in any other state resumes it.
     */
    function step(): void {
      stepIndex++;
      const next = sequenceStep(stepsPower === 1, stepIndex);
      if (next !== null) {
        out(next[0], next[1]);
        pressed = next[1] ? 1 : 0;
        stepEndMs = now + (next[2] === "" ? 0 : stepsCfg[next[2]]);
        updateLed();
        return;
      }
      pressed = 0;
      stepEndMs = -1;
      // Not kept past its sequence: after a SET it would be a second config in RAM.
      stepsCfg = cfg;
      if (stepsAreAction || resumeState === ARMED || resumeState === WARNING) {
        waitForBoot(true);
      } else {
        st = resumeState;
        deadlineMs = resumeDeadlineMs;
      }
    }

    function record(k: EventKind, n?: number, reason?: string): void {
      unsaved.push(eventText(k, boots, now, n, reason));
    }

    /** false if the hardware layer reports a failed flash write. */
    function save(): boolean {
      flashWritten = 1;
      savePending = 0;
      const events = unsaved;
      unsaved = [];
      return out("save", { cfg: cfg, attempts: attempts, boots: boots, log: events, judge: judge }) !== false;
    }

    /** The next wake (see nextWakeMs), or -1 when nothing is due. */
    function nextWake(): number {
      let next = st === ACTING ? -1 : ledUntilMs;
      let due = -1;
      if (st === ACTING) due = stepEndMs;
      else if (st === HOLDING) due = holdUntilMs;
      else if (st === ARMED && cfg.warnMs > 0) due = deadlineMs - cfg.warnMs;
      else if (st !== GAVE_UP) due = deadlineMs;
      if (due >= 0 && (next < 0 || due < next)) next = due;
      return next;
    }

    /** LED rule: solid exactly while a relay is pressed; an override (TEST led, status) otherwise wins. */
    function updateLed(): void {
      if (ledUntilMs >= 0 && now >= ledUntilMs) {
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
        out("led", pattern);
      }
    }

    /**
     * Runs what is due at `nowMs` and a put-off save once no relay is pressed; then, after a save,
     * when idle and the host is not in a hang, lets flash compact.
     */
    function tick(nowMs: number): void {
      now = nowMs;
      for (var i = 0; i < MAX_STEPS_PER_TICK; i++) {
        if (!advance()) break;
      }
      if (savePending && !pressed) save();
      updateLed();
      if (flashWritten && st !== ACTING && attempts === 0) {
        const wake = nextWake();
        if (wake < 0 || wake - now >= COMPACT_MARGIN_MS) {
          flashWritten = 0;
          out("compact");
        }
      }
    }

    this.tick = tick;

    /** While acting the LED follows the relay, so only the step end wakes (see firmware/hw/timer.ts). */
    this.nextWakeMs = nextWake;

    /** Board start: relays released first, then the start is recorded and announced. */
    this.start = function (nowMs: number): void {
      now = nowMs;
      out("relay", false);
      if (opts.hasPower) out("power", false);
      updateLed();
      boots++;
      startMs = now;
      // A start with attempts > 0 (a restart mid-hang) or after a console hand-off judges the
      // host's boot as after the board's own press: a restart must not end the protection.
      const judged = attempts > 0 || restoredJudge === 1;
      judge = 0;
      if (opts.corrupt > 0) record("corrupt", opts.corrupt);
      record("boot");
      save();
      waitForBoot(judged);
      out("send", "!BOOT fw=" + opts.fw + " board=" + opts.board + " boots=" + boots + " attempts=" + attempts + " corrupt=" + opts.corrupt);
    };

    this.button = function (heldMs: number, nowMs: number): void {
      tick(nowMs);
      if (st === ACTING) return;
      if (heldMs >= FACTORY_HOLD_MS && now - heldMs <= startMs + FACTORY_WINDOW_MS) {
        // Factory reset: physical access is the one way out of locked=1. History and boots stay.
        cfg = defaultConfig();
        attempts = 0;
        firstActMs = -1;
        consoleHold = 0;
        record("config", undefined, "button");
        save();
        out("send", "!FACTORY");
        ledOverride = "status";
        ledUntilMs = now + STATUS_SHOW_MS;
        waitForBoot(false);
      } else if (st === GAVE_UP) {
        attempts = 0;
        firstActMs = -1;
        save();
        waitForBoot(false);
      } else if (heldMs < LONG_PRESS_MS) {
        ledOverride = "status";
        ledUntilMs = now + STATUS_SHOW_MS;
      } else if (st === HOLDING) {
        enter(ARMED, now + cfg.timeoutMs, -1);
        consoleHold = 0;
        out("send", "!HOLD end");
      } else {
        enter(HOLDING, -1, now + BUTTON_HOLD_MS);
        consoleHold = 0;
        beatSinceHold = 0;
        out("send", "!HOLD left=" + BUTTON_HOLD_MS);
      }
      updateLed();
    };

    this.forceReset = function (nowMs: number): void {
      tick(nowMs);
      if (st === ACTING) return;
      begin(false, false);
      out("send", "!ACT force");
      record("force", undefined, "input");
      // Uncounted: a short pulse saves after its release (SAVE_IN_PRESS_MIN_MS), a long one now.
      if (stepsCfg.pulseMs >= SAVE_IN_PRESS_MIN_MS) save();
      else savePending = 1;
    };

    this.state = function (): WatchdogState {
      return stateName(st);
    };

    // ---- 3. line reader ----

    /**
     * Bytes split anywhere → request lines (Espruino's `data` events cut strings at arbitrary
     * points, so the reader's state lives in the closure between calls). A line ends at "\n", at
     * "\r", or at "\r\n" (one end, not two): terminals such as screen send a bare "\r" on Enter,
     * scripts send "\n". Bytes outside printable ASCII poison their line (ERR char), and a line
     * longer than MAX_LINE is answered once (ERR long) as soon as it overflows, then skipped up to
     * its end. Nothing here holds more than one line. After each reply, a put-off save runs.
     */
    this.input = function (chunk: string, nowMs: number): void {
      tick(nowMs);
      for (var i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (c === 10 || c === 13) {
          const crlf = c === 10 && afterCR === 1;
          afterCR = c === 13 ? 1 : 0;
          if (crlf) continue;
          const line = lineText;
          const bad = lineBad;
          const skipped = lineSkipping;
          lineText = "";
          lineBad = 0;
          lineSkipping = 0;
          if (skipped) continue;
          const reply = bad ? errLine("char", "") : command(line);
          if (reply !== "") out("send", reply);
          if (savePending && !pressed) save();
          continue;
        }
        afterCR = 0;
        if (lineSkipping) continue;
        if (lineText.length >= MAX_LINE) {
          lineSkipping = 1;
          lineText = "";
          out("send", errLine("long", ""));
          continue;
        }
        if (c < 32 || c > 126) lineBad = 1;
        lineText += chunk.charAt(i);
      }
      updateLed();
    };

    // ---- 4. command table ----

    /**
     * The reply to one request line (already free of control bytes and within MAX_LINE), or "" for
     * a blank line (no reply) and for CONSOLE, which replies by itself. One case per verb, argument
     * checks included; docs/protocol.md describes each.
     */
    function command(line: string): string {
      const parts = line.split(" ");
      const args: string[] = [];
      for (var i = 0; i < parts.length; i++) {
        if (parts[i] !== "") args.push(parts[i]);
      }
      if (args.length === 0) return "";
      const verb = args[0].toUpperCase();
      const typed = args.shift() as string;
      if (args.length > 0 && (verb === "STATUS" || verb === "HELLO" || verb === "ARM" || verb === "DISARM")) return errLine("arg", verb + " takes no arguments");
      switch (verb) {
        case "BEAT": {
          let seq = -1;
          let bootId = "";
          for (var b = 0; b < args.length; b++) {
            const eq = splitAt(args[b]);
            const key = eq < 0 ? "" : args[b].substring(0, eq).toLowerCase();
            const value = args[b].substring(eq + 1);
            if (key === "seq" && parseUint(value) >= 0) seq = parseUint(value);
            else if (key === "boot" && value.length <= MAX_BOOT_ID) bootId = value;
            else return errLine("arg", "BEAT [seq=N] [boot=ID]");
          }
          const reboot = bootId !== "" && hostBoot !== "" && bootId !== hostBoot;
          if (bootId !== "") hostBoot = bootId;
          if (st !== ACTING) {
            if (attempts > 0 || st === GAVE_UP) {
              const afterMs = firstActMs >= 0 ? now - firstActMs : -1;
              attempts = 0;
              firstActMs = -1;
              if (st === GAVE_UP) st = WAITING;
              record("back", afterMs);
              savePending = 1;
              out("send", "!BACK after=" + afterMs);
            }
            if (st !== HOLDING) {
              enter(ARMED, now + cfg.timeoutMs, -1);
              beatSinceHold = 1;
            }
          }
          let reply = "OK BEAT left=" + leftMs() + " state=" + stateName(st);
          if (seq >= 0) reply += " seq=" + seq;
          if (reboot) reply += " reboot=1";
          return reply;
        }
        case "STATUS":
          return (
            "OK STATUS state=" + stateName(st) + " left=" + leftMs() + " timeout=" + cfg.timeoutMs + " pulse=" + cfg.pulseMs +
            " attempts=" + attempts + " uptime=" + now + " fw=" + opts.fw + " board=" + opts.board +
            " hold=" + (st === HOLDING ? holdUntilMs - now : 0)
          );
        case "HELLO":
          return "OK HELLO banken proto=" + PROTO_VERSION + " fw=" + opts.fw + " board=" + opts.board + " console=" + opts.consoleCode;
        case "GET": {
          if (args.length > 1) return errLine("arg", "GET [key]");
          if (args.length === 1) {
            const key = findConfigKey(args[0]);
            return key === "" ? errLine("key", args[0]) : "OK GET " + key + "=" + cfg[key];
          }
          let reply = "OK GET";
          for (var g = 0, row = configRow(0); row !== null; row = configRow(++g)) reply += " " + row[0] + "=" + cfg[row[0]];
          return reply;
        }
        case "SET": {
          if (args.length === 0) return errLine("arg", "SET key=value ...");
          const next = copyConfig(cfg);
          let echo = "";
          let changed = false;
          for (var a = 0; a < args.length; a++) {
            const eq = splitAt(args[a]);
            if (eq < 0) return errLine("arg", args[a]);
            const key = findConfigKey(args[a].substring(0, eq));
            if (key === "") return errLine("key", args[a].substring(0, eq));
            const value = parseUint(args[a].substring(eq + 1));
            if (value < 0) return errLine("arg", args[a]);
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
            record("config", undefined, "command");
            if (!save()) {
              cfg = old;
              return errLine("flash", "");
            }
          }
          return "OK SET" + echo;
        }
        case "HOLD": {
          const holdMs = args.length === 1 ? parseUint(args[0]) : -1;
          if (holdMs < 0) return errLine("arg", "HOLD <ms>");
          if (holdMs > MAX_HOLD_MS) return errLine("range", "HOLD 0.." + MAX_HOLD_MS);
          if (holdMs === 0) {
            if (st === HOLDING) {
              enter(ARMED, now + cfg.timeoutMs, -1);
              consoleHold = 0;
            }
          } else if (st === ACTING || st === GAVE_UP) {
            return errLine("busy", "HOLD while " + stateName(st));
          } else if (cfg.locked === 1 && !beatSinceHold) {
            return errLine("locked", "locked=1: HOLD needs a BEAT after the last hold");
          } else {
            enter(HOLDING, -1, now + holdMs);
            consoleHold = 0;
            beatSinceHold = 0;
          }
          return "OK HOLD hold=" + holdMs + " state=" + stateName(st);
        }
        case "ARM":
          if (st === ACTING || st === GAVE_UP) return errLine("busy", "ARM while " + stateName(st));
          if (st === WAITING || st === HOLDING) enter(ARMED, now + cfg.timeoutMs, -1);
          consoleHold = 0;
          return "OK ARM state=" + stateName(st) + " left=" + leftMs();
        case "DISARM":
          if (cfg.locked === 1) return errLine("locked", "locked=1: DISARM refused");
          if (st === ACTING || st === GAVE_UP) return errLine("busy", "DISARM while " + stateName(st));
          enter(WAITING, -1, -1);
          consoleHold = 0;
          return "OK DISARM state=" + stateName(st);
        case "LOG": {
          const index = args.length === 0 ? 0 : args.length === 1 ? parseUint(args[0]) : -1;
          if (index < 0) return errLine("arg", "LOG [i]");
          const log = out("history");
          const count = log.length;
          if (args.length === 0 && count === 0) return "OK LOG of=0";
          if (index >= count) return errLine("range", count === 0 ? "log is empty" : "LOG 0.." + (count - 1));
          return "OK LOG i=" + index + " of=" + count + " " + log[count - 1 - index];
        }
        case "TEST": {
          const what = args.length > 0 ? args[0].toLowerCase() : "";
          const relay = what === "relay" && args.length <= 2;
          if (!relay && (what !== "led" || args.length !== 1)) return errLine("arg", "TEST led | TEST relay confirm=yes");
          if (relay && (args.length < 2 || args[1].toLowerCase() !== "confirm=yes")) return errLine("confirm", "");
          if (st === ACTING) return errLine("busy", "TEST while acting");
          if (!relay) {
            ledOverride = "solid";
            ledUntilMs = now + TEST_LED_MS;
            return "OK TEST led ms=" + TEST_LED_MS;
          }
          begin(false, false);
          record("test", undefined, "command");
          // Uncounted: a short pulse saves after its release (SAVE_IN_PRESS_MIN_MS), a long one now.
          if (stepsCfg.pulseMs >= SAVE_IN_PRESS_MIN_MS) save();
          else savePending = 1;
          return "OK TEST relay pulse=" + cfg.pulseMs;
        }
        case "CONSOLE":
          // The REPL gets the port, so the board cannot hear BEATs: it holds (consoleHoldMs) and
          // then restarts itself; any start before that judges the host's boot (judge, saved first).
          if (args.length !== 1) return errLine("arg", "CONSOLE <code>");
          if (args[0] !== opts.consoleCode) return errLine("code", "");
          if (cfg.locked === 1) return errLine("locked", "locked=1: CONSOLE refused");
          if (st === ACTING) return errLine("busy", "CONSOLE while acting");
          enter(HOLDING, -1, now + cfg.consoleHoldMs);
          consoleHold = 1;
          beatSinceHold = 0;
          judge = 1;
          record("console", undefined, "command");
          save();
          out("send", "OK CONSOLE hold=" + cfg.consoleHoldMs);
          out("console");
          return "";
      }
      return errLine("verb", typed);
    }
  }
}
