// fleet.json in the state dir: the guard's last word (fleet/guard.ts writes it after each decision),
// shown by `banken status` and `banken fleet status` without asking the lock service.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What `banken run` last said about the fleet on this host (fleet.json in its state dir), or null. */
export function lastLine(dir: string): { atMs: number; status: string; line: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, "fleet.json"), "utf8")) as { atMs?: unknown; status?: unknown; line?: unknown };
    if (typeof parsed.atMs !== "number" || typeof parsed.status !== "string" || typeof parsed.line !== "string") return null;
    return { atMs: parsed.atMs, status: parsed.status, line: parsed.line };
  } catch {
    return null;
  }
}
