// The event history: a short list kept in flash, newest last, capped at HISTORY_LENGTH. Each event
// is its LOG text (types.ts, HistoryEvent), built once when it happens.
import { HISTORY_LENGTH } from "./types.ts";
import type { EventKind, HistoryEvent } from "./types.ts";

/** The kinds a flash record may hold (isHistoryEvent repeats them as one string: in flash on the board, not a table in RAM). */
export const EVENT_KINDS: EventKind[] = ["reset", "power", "gave-up", "back", "boot", "force", "test", "config", "corrupt", "console"];
const KINDS_TEXT = " reset power gave-up back boot force test config corrupt console ";
/** Longest event text: kind 7, three numbers of up to 11 characters, reason 12, names and spaces 14. */
const MAX_EVENT_TEXT = 80;

/** Appends in place and drops the oldest events beyond HISTORY_LENGTH. */
export function pushEvent(log: HistoryEvent[], event: HistoryEvent): void {
  log.push(event);
  while (log.length > HISTORY_LENGTH) log.shift();
}

/** `k=reset b=3 t=600000 n=1 r=timeout`: n and r only when given. */
export function eventText(k: EventKind, b: number, t: number, n?: number, r?: string): HistoryEvent {
  let text = "k=" + k + " b=" + b + " t=" + t;
  if (n !== undefined) text += " n=" + n;
  if (r !== undefined) text += " r=" + r;
  return text;
}

/**
 * True if `raw`, read back from flash, can be printed as an event: printable text of a known kind,
 * `k=<kind> b=...`, not too long. (The record passed its checksum; this guards against a record
 * written by another firmware version, whose events were objects.)
 */
export function isHistoryEvent(raw: unknown, everyChar?: boolean): boolean {
  if (typeof raw !== "string" || raw.length > MAX_EVENT_TEXT || raw.substring(0, 2) !== "k=") return false;
  const end = raw.indexOf(" ");
  if (end < 0 || KINDS_TEXT.indexOf(" " + raw.substring(2, end) + " ") < 0 || raw.substring(end, end + 3) !== " b=") return false;
  // Every char is checked when flash is loaded at a start (everyChar false: the shape only). A save
  // and LOG read the history again each time and skip this interpreted loop (16 × ~40 chars).
  if (everyChar === false) return true;
  for (var i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}
