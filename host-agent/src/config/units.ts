// Human units in the config file and in messages: durations ("10s", "2m", "1h30m", "500ms", or an
// integer of milliseconds) and sizes ("512MiB", "1G", "100MB", or an integer of bytes). Everything
// inside the agent is integer milliseconds and integer bytes.

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60000, min: 60000, h: 3600000, d: 86400000 };

// K/M/G/T are binary, as in systemd unit files and `df -h`; kB/MB/GB/TB are decimal.
const SIZE_UNITS_BYTES: Record<string, number> = {
  b: 1,
  k: 1024, kib: 1024, kb: 1000,
  m: 1024 ** 2, mib: 1024 ** 2, mb: 1000 ** 2,
  g: 1024 ** 3, gib: 1024 ** 3, gb: 1000 ** 3,
  t: 1024 ** 4, tib: 1024 ** 4, tb: 1000 ** 4,
};

/** Parses "1h30m", "10s", "500ms", "1.5s"; returns integer ms, or undefined when it is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number" || typeof value === "bigint") {
    const ms = Number(value);
    return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.replace(/\s+/g, "").toLowerCase();
  if (!/^(\d+(\.\d+)?[a-z]+)+$/.test(text)) return undefined;
  let totalMs = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)([a-z]+)/g)) {
    const unitMs = DURATION_UNITS_MS[match[2]];
    if (unitMs === undefined) return undefined;
    totalMs += Number(match[1]) * unitMs;
  }
  return Number.isSafeInteger(Math.round(totalMs)) ? Math.round(totalMs) : undefined;
}

/** Parses "512MiB", "1G", "100 MB", or an integer of bytes; returns integer bytes or undefined. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === "number" || typeof value === "bigint") {
    const bytes = Number(value);
    return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
  }
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!match) return undefined;
  const unitBytes = match[2] === "" ? 1 : SIZE_UNITS_BYTES[match[2].toLowerCase()];
  if (unitBytes === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unitBytes);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** 750 → "750 ms", 90000 → "90 s", 720000 → "12 min", 7200000 → "2.0 h". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 100000) return `${Number((ms / 1000).toFixed(ms < 10000 ? 1 : 0))} s`;
  if (ms < 7200000) return `${Math.round(ms / 60000)} min`;
  if (ms < 172800000) return `${(ms / 3600000).toFixed(1)} h`;
  return `${(ms / 86400000).toFixed(1)} days`;
}

/** 512 → "512 B", 1536 → "1.5 KiB", 3221225472 → "3.0 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
