// The event history: a short list kept in flash, newest last, capped at HISTORY_LENGTH.
import { isInt } from "./config.ts";
import { HISTORY_LENGTH } from "./types.ts";
import type { EventKind, HistoryEvent } from "./types.ts";

/** The kinds a flash record may hold (isHistoryEvent repeats them as one string: in flash on the board, not a table in RAM). */
export const EVENT_KINDS: EventKind[] = ["reset", "power", "gave-up", "back", "boot", "force", "test", "config", "corrupt"];
const KINDS_TEXT = " reset power gave-up back boot force test config corrupt ";

/** Appends in place and drops the oldest events beyond HISTORY_LENGTH. */
export function pushEvent(log: HistoryEvent[], event: HistoryEvent): void {
  log.push(event);
  while (log.length > HISTORY_LENGTH) log.shift();
}

/** `k=reset b=3 t=600000 n=1 r=timeout`: n and r only when present. */
export function formatEvent(event: HistoryEvent): string {
  let text = "k=" + event.k + " b=" + event.b + " t=" + event.t;
  if (event.n !== undefined) text += " n=" + event.n;
  if (event.r !== undefined) text += " r=" + event.r;
  return text;
}

/** True if `raw` has the shape of a HistoryEvent (as read back from flash). */
export function isHistoryEvent(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const e = raw as { [k: string]: unknown };
  if (typeof e.k !== "string" || e.k.indexOf(" ") >= 0 || KINDS_TEXT.indexOf(" " + e.k + " ") < 0 || !isInt(e.t, 0) || !isInt(e.b, 0)) return false;
  if (e.n !== undefined && !isInt(e.n, -1)) return false;
  return e.r === undefined || typeof e.r === "string";
}
