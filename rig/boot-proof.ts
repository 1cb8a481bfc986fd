// How the suite knows the DUT restarted. Normally its "!BOOT" line says so. A board whose heartbeat
// port is its own USB (Espruino Pico) loses that port with its supply and may print "!BOOT" before
// the host has the port open again; then a STATUS reply whose uptime= is no longer than the time
// since power-on proves the restart instead (a board that kept running reports a longer uptime).
import type { ReceivedLine } from "./types.ts";

/** True for "!BOOT …" or a STATUS reply that proves a start after `powerOnMs` (rig ms). */
export function isBootProof(line: ReceivedLine, powerOnMs: number, slackMs: number): boolean {
  if (line.t < powerOnMs) return false;
  if (line.line.startsWith("!BOOT ")) return true;
  const uptimeMs = statusUptimeMs(line.line);
  return uptimeMs !== undefined && uptimeMs <= line.t - powerOnMs + slackMs;
}

/** uptime= of an "OK STATUS" reply, or undefined for any other line. */
export function statusUptimeMs(line: string): number | undefined {
  if (!line.startsWith("OK STATUS ")) return undefined;
  const token = line.split(" ").find((t) => t.startsWith("uptime="));
  const value = token === undefined ? NaN : Number(token.slice("uptime=".length));
  return Number.isInteger(value) ? value : undefined;
}
