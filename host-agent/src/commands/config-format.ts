// Board config values for people: keys ending in "Ms" as durations ("10m"), the rest as numbers.
import { formatDurationMs } from "../units.ts";

export function configEntries(config: Record<string, number>): [string, string][] {
  return Object.entries(config).map(([key, value]) => [key, key.endsWith("Ms") ? formatDurationMs(value) : String(value)]);
}
