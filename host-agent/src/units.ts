// Human durations on the command line and in messages; integer milliseconds everywhere else.
// "10m", "30s", "1h30m", "500ms", "2d", and a bare integer meaning milliseconds (as on the wire).

import { parseDuration } from "./config/units.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };

/**
 * Parses a duration argument: "1h30m" → 5400000, "500ms" → 500, and a bare integer as milliseconds
 * (as on the wire). The unit grammar is the config file's (config/units.ts), so a value means the
 * same on the command line and in banken.toml. Returns null for anything else.
 */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : null;
  return parseDuration(trimmed) ?? null;
}

/** Compact form that parseDurationMs reads back exactly: 5400000 → "1h30m", 1500 → "1s500ms", 0 → "0". */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return "0";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  let out = "";
  for (const unit of ["d", "h", "m", "s", "ms"]) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return sign + out;
}

/** A measured time for formatDurationMs: whole seconds from 1 s up (59s873ms → 60s), so logs stay short. */
export function roundToSeconds(ms: number): number {
  return Math.abs(ms) < 1000 ? Math.round(ms) : Math.round(ms / 1000) * 1000;
}

/**
 * Words for people, rounded to the two largest units: 94000 → "94 s", 600000 → "10 min",
 * 5400000 → "1 h 30 min", 172800000 → "2 days".
 */
export function humanDuration(ms: number): string {
  const abs = Math.abs(Math.round(ms));
  if (abs < 1000) return `${abs} ms`;
  if (abs < 120000) return `${Math.round(abs / 1000)} s`;
  const totalMin = Math.round(abs / 60000);
  if (totalMin < 120) return `${totalMin} min`;
  const totalHours = Math.floor(totalMin / 60);
  if (totalHours < 48) {
    const min = totalMin % 60;
    return min === 0 ? `${totalHours} h` : `${totalHours} h ${min} min`;
  }
  const days = Math.round(abs / UNIT_MS.d);
  return `${days} days`;
}

/** "2 days ago", "just now". */
export function humanAgo(ms: number): string {
  if (ms < 1000) return "just now";
  return `${humanDuration(ms)} ago`;
}
