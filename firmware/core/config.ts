// Configuration defaults, ranges and validation. A config is only ever replaced as a whole, after
// validateConfig() accepted it, so the state machine never sees a half-applied or contradictory set.
import type { Config, ConfigKey } from "./types.ts";

/** One config key: its name, default and inclusive range. */
export type ConfigRow = [key: ConfigKey, defaultValue: number, min: number, max: number];

/**
 * Row `i` of the config table in the order GET and docs/protocol.md list the keys, or null past the
 * last. A switch in a function, not a table: on the board a function body stays in flash, while a
 * top-level table (and the objects built from it) would sit in RAM for the whole run. The rows
 * returned are short-lived.
 */
export function configRow(i: number): ConfigRow | null {
  switch (i) {
    case 0: return ["timeoutMs", 600000, 1000, 86400000];
    case 1: return ["pulseMs", 10000, 50, 60000];
    case 2: return ["bootTimeoutMs", 0, 0, 86400000];
    case 3: return ["warnMs", 60000, 0, 86399000];
    case 4: return ["resetsBeforePower", 2, 0, 20];
    case 5: return ["powerOffMs", 6000, 100, 30000];
    case 6: return ["powerWaitMs", 5000, 0, 60000];
    case 7: return ["powerOnMs", 500, 50, 10000];
    case 8: return ["maxAttempts", 5, 1, 100];
    case 9: return ["locked", 0, 0, 1];
    case 10: return ["consoleHoldMs", 600000, 1000, 3600000];
  }
  return null;
}

/** A fresh config holding every default. */
export function defaultConfig(): Config {
  const cfg = {} as Config;
  for (var i = 0, row = configRow(0); row !== null; row = configRow(++i)) cfg[row[0]] = row[1];
  return cfg;
}

function keyList(): ConfigKey[] {
  const keys: ConfigKey[] = [];
  for (var i = 0, row = configRow(0); row !== null; row = configRow(++i)) keys.push(row[0]);
  return keys;
}

function rangeTable(): { [k: string]: number[] } {
  const ranges: { [k: string]: number[] } = {};
  for (var i = 0, row = configRow(0); row !== null; row = configRow(++i)) ranges[row[0]] = [row[2], row[3]];
  return ranges;
}

// For the host agent, the tests and the docs: the bundle does not use these (tree-shaken: pure).
/** Keys in the order GET and docs/protocol.md list them. */
export const CONFIG_KEYS: ConfigKey[] = /* @__PURE__ */ keyList();
export const DEFAULT_CONFIG: Config = /* @__PURE__ */ defaultConfig();
/** Inclusive [min, max] of each key on its own. Cross-key rules are in validateConfig(). */
export const CONFIG_RANGES: { [k: string]: number[] } = /* @__PURE__ */ rangeTable();

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
  for (var i = 0, row = configRow(0); row !== null; row = configRow(++i)) {
    if (row[0].toLowerCase() === lower) return row[0];
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
  let bootMaxMs = 0;
  for (var i = 0, row = configRow(0); row !== null; row = configRow(++i)) {
    const v = cfg[row[0]];
    if (!isInt(v, row[2]) || v > row[3]) return row[0] + "=" + row[2] + ".." + row[3];
    if (row[0] === "bootTimeoutMs") bootMaxMs = row[3];
  }
  if (cfg.bootTimeoutMs !== 0 && cfg.bootTimeoutMs < MIN_BOOT_TIMEOUT_MS) {
    return "bootTimeoutMs=0|" + MIN_BOOT_TIMEOUT_MS + ".." + bootMaxMs;
  }
  if (cfg.warnMs > cfg.timeoutMs - MIN_WARN_GAP_MS) return "warnMs<=timeoutMs-" + MIN_WARN_GAP_MS;
  return "";
}

/**
 * The keys of a parsed flash object, validated (validateConfig checks types too); null if anything is
 * bad. A key the record lacks (written by firmware older than the key) takes its default.
 */
export function configFrom(raw: unknown): Config | null {
  if (typeof raw !== "object" || raw === null) return null;
  const src = raw as Config;
  const cfg = {} as Config;
  for (var i = 0, row = configRow(0); row !== null; row = configRow(++i)) cfg[row[0]] = src[row[0]] === undefined ? row[1] : src[row[0]];
  return validateConfig(cfg) === "" ? cfg : null;
}
