// Realistic timer jitter for a simulated board, added through the interpreter's public context:
// on a real Espruino a timer callback runs from the idle loop, so it starts late by however long
// the loop was busy (another callback, a flash write, WiFi on an ESP32). Model: 90% of callbacks
// 0–2 ms late, 9% 2–10 ms, 1% 10–50 ms, drawn from a seeded generator.
import type { Interpreter } from "../../sim/espruino/interpreter.ts";
import { Rng } from "../../sim/rng.ts";

export function lateMs(rng: Rng): number {
  const p = rng.next();
  if (p < 0.9) return rng.next() * 2;
  if (p < 0.99) return 2 + rng.next() * 8;
  return 10 + rng.next() * 40;
}

/** Wraps setTimeout/setInterval of one interpreter life so every timer fires late by lateMs(). */
export function addTimerJitter(interp: Interpreter, seed: number): void {
  const rng = new Rng(seed);
  const g = interp.context as Record<string, unknown>;
  const setTimeoutOrig = g.setTimeout as (fn: unknown, ms: number, ...args: unknown[]) => number;
  g.setTimeout = (fn: unknown, ms: unknown, ...args: unknown[]) => setTimeoutOrig(fn, (Number(ms) || 0) + lateMs(rng), ...args);
  const setIntervalOrig = g.setInterval as (fn: unknown, ms: number, ...args: unknown[]) => number;
  g.setInterval = (fn: unknown, ms: unknown, ...args: unknown[]) => setIntervalOrig(fn, (Number(ms) || 0) + lateMs(rng), ...args);
}
