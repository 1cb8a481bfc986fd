// Bringing the DUT to a known state and configuring it, the same way on every target. On a real-time
// target (bench, espruino), long durations are scaled down (scaleConfig) and long loops shortened
// (repeats) so a real run stays short; the assertions then use the scaled values, so they are the
// same assertions. The limits are the target's (hil-tests/targets/<target>.json).
import assert from "node:assert/strict";
import { CONFIG_RANGES, DEFAULT_CONFIG, MIN_WARN_GAP_MS } from "../../firmware/core/config.ts";
import type { Config, ConfigKey } from "../../firmware/core/types.ts";
import { MAX_LINE } from "../../firmware/core/types.ts";
import type { Rig } from "../../rig/types.ts";
import { isBootProof } from "../../rig/boot-proof.ts";
import { levelAt } from "../../chart/measure.ts";
import type { Scenario } from "./scenario.ts";

/** On the bench (by default), no timeout runs longer than this; every other duration shrinks by the same factor. */
export const BENCH_LONGEST_TIMEOUT_MS = 3000;
/** ...but no non-zero duration below this: five bench tolerances, so a measured pulse still means something. */
export const BENCH_SHORTEST_MS = 250;

type RunLimits = Pick<Rig, "caps" | "tolerance">;

/** How many of a test's `n` repetitions run on this target: all on the simulation, repeatShare of them in real time (at least 1). */
export function repeats(rig: RunLimits, n: number): number {
  if (rig.caps.virtualTime) return n;
  return Math.max(1, Math.round(n * (rig.tolerance.repeatShare ?? 1)));
}

const DURATION_KEYS: ConfigKey[] = ["timeoutMs", "pulseMs", "bootTimeoutMs", "warnMs", "powerOffMs", "powerWaitMs", "powerOnMs"];

/**
 * The config a test asked for, as the target will run it (identity on the simulation). A test whose
 * own steps take long in real time passes a longer `longestTimeoutMs` than the target's.
 */
export function scaleConfig(rig: RunLimits, wanted: Partial<Config>, longestTimeoutMs?: number): Partial<Config> {
  const timeoutMs = wanted.timeoutMs ?? DEFAULT_CONFIG.timeoutMs;
  const longestMs = longestTimeoutMs ?? rig.tolerance.longestTimeoutMs ?? BENCH_LONGEST_TIMEOUT_MS;
  const shortestMs = rig.tolerance.shortestMs ?? BENCH_SHORTEST_MS;
  if (rig.caps.virtualTime || timeoutMs <= longestMs) return { ...wanted };
  const factor = longestMs / timeoutMs;
  const full: Config = { ...DEFAULT_CONFIG, ...wanted };
  const scaled: Partial<Config> = { ...wanted };
  for (const key of DURATION_KEYS) {
    const value = full[key];
    if (value === 0) {
      scaled[key] = 0;
      continue;
    }
    scaled[key] = Math.max(CONFIG_RANGES[key][0], shortestMs, Math.round(value * factor));
  }
  if (scaled.bootTimeoutMs !== undefined && scaled.bootTimeoutMs > 0) scaled.bootTimeoutMs = Math.max(1000, scaled.bootTimeoutMs);
  const maxWarn = (scaled.timeoutMs ?? timeoutMs) - MIN_WARN_GAP_MS;
  if ((scaled.warnMs ?? 0) > maxWarn) scaled.warnMs = maxWarn;
  return scaled;
}

/** Config as SET lines of at most MAX_LINE bytes, timing keys first (they are validated together). */
export function setLines(cfg: Partial<Config>): string[] {
  const lines: string[] = [];
  let line = "SET";
  for (const [key, value] of Object.entries(cfg)) {
    const pair = ` ${key}=${value}`;
    if ((line + pair).length > MAX_LINE) {
      lines.push(line);
      line = "SET";
    }
    line += pair;
  }
  if (line !== "SET") lines.push(line);
  return lines;
}

/** Applies a config (scaled for the target) and returns what was applied. */
export async function configure(s: Scenario, wanted: Partial<Config>, longestTimeoutMs?: number): Promise<Config> {
  const applied = scaleConfig(s.rig, wanted, longestTimeoutMs);
  for (const line of setLines(applied)) await s.ok(line);
  s.settings = Object.entries(applied).map(([k, v]) => `${k}=${v}`).join(" ");
  return { ...DEFAULT_CONFIG, ...applied } as Config;
}

/** Waits (in steps) until `done()` holds or `limitMs` passed; returns whether it held. */
export async function waitFor(rig: Rig, done: () => boolean, limitMs: number, stepMs = 10): Promise<boolean> {
  const endMs = rig.now() + limitMs;
  while (!done()) {
    if (rig.now() >= endMs) return false;
    await rig.wait(Math.min(stepMs, Math.max(1, endMs - rig.now())));
  }
  return true;
}

/** How long a board may take from power-on to its !BOOT line (ESP32: ~1 s, plus margin). */
export const BOOT_LIMIT_MS = 5000;

/**
 * Powers the DUT (if it is not) and waits for its !BOOT line; returns that line. A native-USB DUT on
 * the bench may have sent !BOOT before its port was open again: there the rig's STATUS reply proving
 * the restart (rig/boot-proof.ts) stands in for it, and is returned instead.
 */
export async function bootDut(rig: Rig): Promise<string> {
  const sinceMs = rig.now();
  const linesBefore = rig.lines().length;
  if (levelAt(rig.edges(), "power", sinceMs) === 0) await rig.powerDut(true);
  const onMs = rig.edges().filter((e) => e.signal === "power" && e.level === 1).at(-1)?.t ?? sinceMs;
  const proof = (): string | undefined => {
    const fresh = rig.lines().slice(linesBefore);
    // A power cut can stop a line half-way ("!ACT re"); the next start's !BOOT then ends that line.
    const boot = fresh.map((l) => l.line.slice(Math.max(0, l.line.indexOf("!BOOT ")))).find((line) => line.startsWith("!BOOT "));
    return boot ?? fresh.find((l) => isBootProof(l, onMs, rig.tolerance.timingMs))?.line;
  };
  const booted = await waitFor(rig, () => proof() !== undefined, BOOT_LIMIT_MS);
  assert.ok(booted, `the DUT sent no !BOOT line within ${BOOT_LIMIT_MS} ms of power-on`);
  return proof() ?? "";
}

/** Power-cycles the DUT: off for `offMs`, then on, and waits for !BOOT. */
export async function powerCycle(rig: Rig, offMs: number): Promise<string> {
  await rig.powerDut(false);
  await rig.wait(offMs);
  return bootDut(rig);
}

/** Every config key back to its factory value (the bench DUT keeps flash between tests). */
export async function factoryConfig(s: Scenario): Promise<void> {
  const { timeoutMs, warnMs, ...rest } = DEFAULT_CONFIG;
  for (const line of setLines({ timeoutMs, warnMs, ...rest })) await s.ok(line);
}
