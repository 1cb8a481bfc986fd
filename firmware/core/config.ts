// Configuration defaults, ranges and validation. A config is only ever replaced as a whole, after
// validateConfig() accepted it, so the state machine never sees a half-applied or contradictory set.
import type { Config, ConfigKey } from "./types.ts";

/** Keys in the order GET and docs/protocol.md list them. */
export const CONFIG_KEYS: ConfigKey[] = [
  "timeoutMs",
  "pulseMs",
  "bootTimeoutMs",
  "warnMs",
  "resetsBeforePower",
  "powerOffMs",
  "powerWaitMs",
  "powerOnMs",
  "maxAttempts",
  "locked",
];

/**
 * One row per key of CONFIG_KEYS, same order: [default, min, max] (inclusive). One table instead of
 * three objects keeps each key name in the bundle once; DEFAULT_CONFIG and CONFIG_RANGES are built
 * from it below.
 */
const CONFIG_TABLE: number[][] = [
  [600000, 1000, 86400000],
  [10000, 50, 60000],
  [0, 0, 86400000],
  [60000, 0, 86399000],
  [2, 0, 20],
  [6000, 100, 30000],
  [5000, 0, 60000],
  [500, 50, 10000],
  [5, 1, 100],
  [0, 0, 1],
];

export const DEFAULT_CONFIG = {} as Config;

/** Inclusive [min, max] of each key on its own. Cross-key rules are in validateConfig(). */
export const CONFIG_RANGES: { [k: string]: number[] } = {};

for (var row = 0; row < CONFIG_KEYS.length; row++) {
  DEFAULT_CONFIG[CONFIG_KEYS[row]] = CONFIG_TABLE[row][0];
  CONFIG_RANGES[CONFIG_KEYS[row]] = [CONFIG_TABLE[row][1], CONFIG_TABLE[row][2]];
}

/** bootTimeoutMs is 0 (off) or at least this. */
export const MIN_BOOT_TIMEOUT_MS = 1000;
/** warnMs must leave at least this much of timeoutMs before the warning. */
export const MIN_WARN_GAP_MS = 1000;

/** Largest value written as decimal digits that the parser accepts (10 digits). */
const MAX_DIGITS = 10;

/** A non-negative decimal integer written with digits only, or -1. No sign, no exponent, no spaces. */
export function parseUint(text: string): number {
  if (text.length === 0 || text.length > MAX_DIGITS) return -1;
  for (var i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return parseInt(text, 10);
}

/** The canonical key for a case-insensitive name, or "" if there is none. */
export function findConfigKey(name: string): ConfigKey | "" {
  const lower = name.toLowerCase();
  for (var i = 0; i < CONFIG_KEYS.length; i++) {
    if (CONFIG_KEYS[i].toLowerCase() === lower) return CONFIG_KEYS[i];
  }
  return "";
}

export function copyConfig(cfg: Config): Config {
  return Object.assign({}, cfg);
}

/** A whole number from `min` up to 10 digits; the one shape check for numbers read back from flash. */
export function isInt(v: unknown, min: number): boolean {
  return typeof v === "number" && v === Math.floor(v) && v >= min && v < 1e10;
}

/**
 * "" if `cfg` is acceptable, else the name of the first bad key and why, e.g. "warnMs<timeoutMs-1000".
 * Checks every key (type, whole number, range) and the rules between keys.
 */
export function validateConfig(cfg: Config): string {
  for (var i = 0; i < CONFIG_KEYS.length; i++) {
    const key = CONFIG_KEYS[i];
    const v = cfg[key];
    const range = CONFIG_RANGES[key];
    if (!isInt(v, range[0]) || v > range[1]) return key + "=" + range[0] + ".." + range[1];
  }
  if (cfg.bootTimeoutMs !== 0 && cfg.bootTimeoutMs < MIN_BOOT_TIMEOUT_MS) {
    return "bootTimeoutMs=0|" + MIN_BOOT_TIMEOUT_MS + ".." + CONFIG_RANGES.bootTimeoutMs[1];
  }
  if (cfg.warnMs > cfg.timeoutMs - MIN_WARN_GAP_MS) return "warnMs<=timeoutMs-" + MIN_WARN_GAP_MS;
  return "";
}

/** The keys of a parsed flash object, validated (validateConfig checks types too); null if anything is missing or bad. */
export function configFrom(raw: unknown): Config | null {
  if (typeof raw !== "object" || raw === null) return null;
  const src = raw as Config;
  const cfg = {} as Config;
  for (var i = 0; i < CONFIG_KEYS.length; i++) cfg[CONFIG_KEYS[i]] = src[CONFIG_KEYS[i]];
  return validateConfig(cfg) === "" ? cfg : null;
}
