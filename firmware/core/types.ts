// Shared vocabulary of the pure firmware core. Nothing here names an Espruino global,
// so the same code runs on the board, in the simulator and in unit tests.
// All durations are integer milliseconds.

/** The user-settable configuration, persisted in flash. */
export interface Config {
  /** No heartbeat for this long while armed: act. */
  timeoutMs: number;
  /** How long the reset relay stays closed. */
  pulseMs: number;
  /** Time the host gets to send its first heartbeat after power-up (0 = wait forever) and after a reset (0 = use timeoutMs). */
  bootTimeoutMs: number;
  /** Warn this long before acting (0 = no warning). */
  warnMs: number;
  /** Failed resets before escalating to a power cycle (only when a power pin is wired). */
  resetsBeforePower: number;
  /** Power-button hold that forces the host off. */
  powerOffMs: number;
  /** Pause between forcing off and pressing power on. */
  powerWaitMs: number;
  /** Power-button press that turns the host on. */
  powerOnMs: number;
  /** Actions in a row without the host coming back before the board gives up. */
  maxAttempts: number;
  /** 1 = DISARM and CONSOLE are refused, a HOLD needs a BEAT after the last hold (Linux nowayout). */
  locked: number;
  /** How long CONSOLE's hand-off holds judgment; then the board restarts itself into the firmware. */
  consoleHoldMs: number;
}

export type ConfigKey = keyof Config;

/** The states STATUS reports. */
export type WatchdogState = "waiting" | "armed" | "warning" | "acting" | "holding" | "gave-up";

/** What the LED shows. The hardware layer turns a pattern into blinking. */
export type LedPattern = "off" | "solid" | "warn-blink" | "gave-up" | "status";

/** Why the board took an action or recorded an event. Short: they are stored in flash. */
export type EventKind =
  | "reset" // pulsed the reset relay
  | "power" // power-cycled through the power-button header
  | "gave-up" // stopped acting after maxAttempts
  | "back" // host sent a heartbeat after an action; `ms` = time since the action began
  | "boot" // the board itself started (power-up or interpreter restart)
  | "force" // force-reset input fired
  | "test" // TEST relay pulse
  | "config" // configuration changed (r=command; r=button: factory reset by the board's button)
  | "corrupt" // a flash record failed its checksum and was skipped
  | "console"; // the REPL was handed out (r=command) or its hold ran out (r=expired)

/**
 * One event as the text LOG prints after `OK LOG i=<i> of=<n> ` (history.ts, eventText):
 * `k=<kind> b=<boot number> t=<board uptime ms>`, then `n=<number>` and `r=<reason>` when present.
 * `b` orders uptimes of different boots; `n` is the attempt number for actions, the elapsed ms for
 * "back", the count for "corrupt"; `r` is why ("timeout", "boot-timeout", "command", "input").
 * Kept as one string, in RAM and in flash: 16 events cost ~5 blocks each on the board instead of
 * ~9 as objects with five properties.
 */
export type HistoryEvent = string;

/** Everything that survives a power loss of the board. */
export interface PersistedState {
  cfg: Config;
  /** Consecutive actions without the host coming back. */
  attempts: number;
  /** Board start counter. */
  boots: number;
  /**
   * Saving: the events recorded since the last save, which saveState appends to the history in
   * flash (newest last, HISTORY_LENGTH kept). Loading: the history in flash (the core drops it:
   * LOG reads flash through the "history" output).
   */
  log: HistoryEvent[];
  /**
   * 1: the next board start judges the host's boot (deadline bootTimeoutMs, or timeoutMs when that is
   * 0) even with attempts 0. Set while the REPL is handed out, cleared by the next start's save.
   */
  judge?: number;
}

export const HISTORY_LENGTH = 16;

/**
 * What the core drives, as one dispatcher: on the board every function costs JsVars, so the hardware
 * layer implements all outputs in one function (firmware/hw/outputs.ts) and test fakes record calls.
 * - "relay" / "power": reset or power-button relay, true = pressed (contact closed); "power" is only
 *   used when the board has a power pin. The hardware layer maps this to the pin level.
 * - "led": the pattern to show.
 * - "send": one line to the host, without the trailing newline.
 * - "save": persist the whole state (serialise it at once: the core keeps mutating its objects). Never
 *   on a plain heartbeat. Returning false reports a failed flash write (SET then answers ERR flash and
 *   keeps the old config); returning nothing counts as success.
 * - "console": give the REPL back (called after "OK CONSOLE" was sent).
 * - "compact": compact the flash journal if it runs low on space. The core asks only when nothing
 *   is due for COMPACT_MARGIN_MS (compacting real flash can take seconds).
 * - "restart": restart the interpreter into the firmware (load()): the console hand-off ran out.
 * - "history": the event history as flash holds it, newest last (LOG reads it on demand).
 */
export interface Outputs {
  (what: "relay" | "power", pressed: boolean): void;
  (what: "led", pattern: LedPattern): void;
  (what: "send", line: string): void;
  (what: "save", state: PersistedState): boolean | void;
  (what: "console" | "compact" | "restart"): void;
  (what: "history"): HistoryEvent[];
}

/**
 * Error codes of the wire protocol: `ERR <code> <detail>`. One closed list; docs/protocol.md
 * documents each with an example.
 */
export const ERROR_CODES = {
  /** The verb is not known. */
  verb: "unknown verb",
  /** An argument is malformed (not key=value, not an integer, missing). */
  arg: "malformed argument",
  /** SET/GET named a key that does not exist. */
  key: "unknown key",
  /** A value is outside its allowed range, or the keys contradict each other. */
  range: "value out of range",
  /** The line was longer than MAX_LINE bytes; it was skipped up to its newline. */
  long: "line too long",
  /** The line held control or non-ASCII bytes. */
  char: "bad byte in line",
  /** DISARM, SET locked=0, CONSOLE, or a HOLD without a BEAT since the last hold, while locked=1. */
  locked: "refused: locked",
  /** The command is not allowed in the current state (e.g. TEST relay while acting). */
  busy: "not allowed now",
  /** TEST relay without confirm=yes. */
  confirm: "needs confirm=yes",
  /** CONSOLE with the wrong code. */
  code: "wrong console code",
  /** Writing flash failed; the previous record is still in force. */
  flash: "flash write failed",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Longest request line in bytes, excluding the newline. */
export const MAX_LINE = 96;

/** Upper bound of HOLD: 24 h. */
export const MAX_HOLD_MS = 86400000;
