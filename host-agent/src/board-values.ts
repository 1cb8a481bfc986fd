// The board's config keys and their ranges in the user's units, so that a value the board would
// refuse is refused here first with a message that names it and says what is allowed. The table
// itself is the firmware's (firmware/core/config.ts), so the two cannot drift apart.
import { CONFIG_KEYS, CONFIG_RANGES } from "../../firmware/core/config.ts";
import { AgentError } from "./errors.ts";
import { formatDurationMs, humanDuration, parseDurationMs } from "./units.ts";

/** Keys that hold a duration in ms (timeoutMs, warnMs...); the others are counts or flags. */
export function isDurationKey(key: string): boolean {
  return key.endsWith("Ms");
}

/** The key as the board spells it, or a usage error listing the valid keys. */
export function boardKey(name: string): string {
  const key = CONFIG_KEYS.find((known) => known.toLowerCase() === name.toLowerCase());
  if (key === undefined) throw new AgentError("usage", `unknown key "${name}"; the board's keys are ${CONFIG_KEYS.join(", ")}`);
  return key;
}

/** "1 s to 24 h" for a duration key, "0 to 20" for a count. */
export function describeRange(key: string): string {
  const [min, max] = CONFIG_RANGES[key];
  return isDurationKey(key) ? `${min === 0 ? "0" : humanDuration(min)} to ${humanDuration(max)}` : `${min} to ${max}`;
}

/**
 * A duration the user typed, checked against [minMs, maxMs]; `what` names the option or key in
 * the message ("--timeout", "timeoutMs"; "" for a command's only argument), `range` says the bounds in words.
 */
export function durationInRange(what: string, text: string, minMs: number, maxMs: number, range: string): number {
  const named = what === "" ? "" : `${what}: `;
  const negative = text.trim().startsWith("-") && parseDurationMs(text.trim().slice(1)) !== null;
  if (negative) throw new AgentError("usage", `${named}${text} is negative; it takes ${range}`);
  const ms = parseDurationMs(text);
  if (ms === null) throw new AgentError("usage", `${named}"${text}" is not a duration (like 10m, 30s, 1h30m, 500ms); it takes ${range}`);
  if (ms < minMs || ms > maxMs) throw new AgentError("usage", `${named}${text} is out of range; it takes ${range}`);
  return ms;
}

/**
 * A value for `config set`. A duration key needs a unit: a bare "30" could mean 30 ms (the wire's
 * unit) or 30 s (what people mean), and 30 ms passes the range checks of warnMs, so guessing would
 * silently set something else. 0 needs no unit (it means "off" for warnMs and bootTimeoutMs).
 */
export function boardValue(key: string, text: string): number {
  const [min, max] = CONFIG_RANGES[key];
  const range = describeRange(key);
  if (isDurationKey(key)) {
    const bare = text.trim();
    if (/^\d+$/.test(bare) && Number(bare) !== 0) throw new AgentError("usage", `${key}=${bare} has no unit: say ${bare}ms, ${bare}s or ${bare}m (${key} takes ${range})`);
    return durationInRange(key, text, min, max, range);
  }
  if (!/^-?\d+$/.test(text.trim())) throw new AgentError("usage", `${key}: "${text}" is not a whole number; it takes ${range}`);
  const value = Number(text.trim());
  if (value < min || value > max) throw new AgentError("usage", `${key}: ${text} is out of range; it takes ${range}`);
  return value;
}

/** The board's config values for people: durations as "10m", the rest as numbers. */
export function configEntries(config: Record<string, number>): [string, string][] {
  return Object.entries(config).map(([key, value]) => [key, isDurationKey(key) ? formatDurationMs(value) : String(value)]);
}
