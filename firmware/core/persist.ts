// Two-slot flash records. Each slot holds `<seq> <crc32> <json>`; the checksum covers `<seq> <json>`.
// A save goes to the slot that does NOT hold the newest good record, with seq = newest + 1, so a torn
// or failed write leaves the newest good record in force. Loading takes the good slot with the higher
// seq and counts every slot that exists but fails its checksum or shape as corrupt.
import { crcHex } from "./checksum.ts";
import type { Crc32 } from "./checksum.ts";
import { configFrom, defaultConfig, isInt } from "./config.ts";
import { isHistoryEvent } from "./history.ts";
import { HISTORY_LENGTH } from "./types.ts";
import type { HistoryEvent, PersistedState } from "./types.ts";

/**
 * The tiny slice of Espruino's Storage the core needs, so the hardware layer passes
 * require("Storage") itself (no wrapper functions on the board); test fakes implement it too.
 * Storage is a journal (every write appends). saveState never compacts: a save can come right after
 * a press, and compacting real flash takes up to seconds. The core asks for compactIfLow() only when
 * nothing is due for a while (watchdog.ts, COMPACT_MARGIN_MS).
 */
export interface Flash {
  /** The text stored under `name`, or undefined if there is none. */
  read(name: string): string | undefined;
  /** false if the write failed; it may also throw. */
  write(name: string, text: string): boolean;
  getFree?(): number;
  compact?(): void;
  /** Not used by the core; Storage and some fakes have it. */
  erase?(name: string): void;
}

/**
 * compactIfLow() compacts when less than this is free: room for a few full-history saves (~1.8 KB
 * each with the header), so a hang that saves at every action meets no compaction inside a save.
 */
export const MIN_FREE_BYTES = 8192;

/** Storage names (at most 28 chars on Espruino); scanSlots/saveState write them out (literals stay in flash on the board). */
export const SLOT_NAMES = ["banken.a", "banken.b"];

export interface LoadResult {
  state: PersistedState | null;
  /** Slots that existed but were unreadable, plus 1 if the newest record held a bad config. */
  corrupt: number;
}

/** What scanSlots found: the newest good slot's index (-1: none), seq and parsed record, and the corrupt count. */
interface Scan {
  newest: number;
  seq: number;
  /** The newest good record, parsed, if it has the shape of a state (the config is checked by loadState), else null. */
  raw: { [k: string]: unknown } | null;
  corrupt: number;
}

/**
 * Reads the slots. A slot is good when its checksum holds; the newest good slot's JSON is then
 * parsed and shape-checked (a checksummed record that does not parse counts as corrupt). The slot
 * whose text starts with the higher seq is checked first: when it is good it is the newest, and a
 * save (`countAll` false) stops there, which spares it checksumming the older slot (the checksum is
 * most of a save's work on the board, and an action saves before it presses). Loading checks both,
 * to count the corrupt ones. One function on purpose: each costs JsVars on the board.
 */
function scanSlots(flash: Flash, crc32: Crc32, countAll: boolean): Scan {
  const texts = [flash.read("banken.a"), flash.read("banken.b")];
  const first = parseInt(String(texts[1]), 10) > parseInt(String(texts[0]), 10) ? 1 : 0;
  let newest = -1;
  let seq = -1;
  let body = "";
  let corrupt = 0;
  for (var k = 0; k < 2; k++) {
    const i = k === 0 ? first : 1 - first;
    const text = texts[i];
    if (text === undefined || text === "") continue;
    // `<seq> <crc32> <json>`: the checksum covers `<seq> <json>`, seq is plain decimal digits.
    const a = text.indexOf(" ");
    const b = a < 0 ? -1 : text.indexOf(" ", a + 1);
    const seqText = a < 1 || b < 0 ? "" : text.substring(0, a);
    const slotSeq = parseInt(seqText, 10);
    const slotBody = text.substring(b + 1);
    if (!(slotSeq >= 0) || String(slotSeq) !== seqText || crcHex(crc32(seqText + " " + slotBody)) !== text.substring(a + 1, b)) {
      corrupt++;
    } else if (newest < 0 || slotSeq > seq) {
      newest = i;
      seq = slotSeq;
      body = slotBody;
      if (!countAll) break;
    }
  }
  let raw: { [k: string]: unknown } | null = null;
  if (newest >= 0) {
    // The shape check stays inside the try: right after a try/catch, Espruino misevaluates the
    // `"object"!=typeof raw` terser would make of it (tools/dialect-check.ts, after-try).
    try {
      raw = JSON.parse(body);
      if (typeof raw !== "object" || raw === null || !isInt(raw.attempts, 0) || !isInt(raw.boots, 0)) raw = null;
    } catch {
      raw = null;
    }
    if (raw === null) corrupt++;
  }
  return { newest: newest, seq: seq, raw: raw, corrupt: corrupt };
}

/** A checksummed record that does not parse counts as corrupt; a bad config becomes the defaults (also counted). */
export function loadState(flash: Flash, crc32: Crc32): LoadResult {
  const scan = scanSlots(flash, crc32, true);
  const raw = scan.raw;
  let corrupt = scan.corrupt;
  if (raw === null) return { state: null, corrupt: corrupt };
  const log = historyOf(raw, [], true);
  let cfg = configFrom(raw.cfg);
  if (cfg === null) {
    corrupt++;
    cfg = defaultConfig();
  }
  // judge is absent in records of older firmware: 0.
  const judge = raw.judge === 1 ? 1 : 0;
  return { state: { cfg: cfg, attempts: raw.attempts as number, boots: raw.boots as number, log: log, judge: judge }, corrupt: corrupt };
}

/**
 * The valid events of a parsed record's history, then `more` (events not yet saved), newest last,
 * the oldest dropped beyond HISTORY_LENGTH (everyChar: see isHistoryEvent).
 */
function historyOf(raw: { [k: string]: unknown } | null, more: HistoryEvent[], everyChar: boolean): HistoryEvent[] {
  const rawLog = raw !== null && Array.isArray(raw.log) ? raw.log : [];
  const log: HistoryEvent[] = [];
  for (var i = 0; i < rawLog.length; i++) {
    if (isHistoryEvent(rawLog[i], everyChar)) log.push(rawLog[i]);
  }
  for (var j = 0; j < more.length; j++) log.push(more[j]);
  while (log.length > HISTORY_LENGTH) log.shift();
  return log;
}

/** The event history in flash (the newest good record's), newest last; [] if there is none. */
export function loadHistory(flash: Flash, crc32: Crc32): HistoryEvent[] {
  return historyOf(scanSlots(flash, crc32, false).raw, [], false);
}

/**
 * Writes `state` to the older slot, its `log` (the events since the last save) appended to the
 * history of the newest good record. false if the flash write failed or threw (the other slot
 * still holds).
 */
export function saveState(flash: Flash, state: PersistedState, crc32: Crc32): boolean {
  const scan = scanSlots(flash, crc32, false);
  const log = historyOf(scan.raw, state.log, false);
  const target = scan.newest === 0 ? 1 : 0;
  const seq = scan.newest < 0 ? 1 : scan.seq + 1;
  const json = JSON.stringify({ cfg: state.cfg, attempts: state.attempts, boots: state.boots, log: log, judge: state.judge });
  const text = seq + " " + crcHex(crc32(seq + " " + json)) + " " + json;
  try {
    return flash.write(target === 0 ? "banken.a" : "banken.b", text) !== false;
  } catch {
    return false;
  }
}

/** Compacts the Storage journal when less than MIN_FREE_BYTES is free; the core calls it only when idle. */
export function compactIfLow(flash: Flash): void {
  try {
    if (flash.getFree && flash.compact && flash.getFree() < MIN_FREE_BYTES) flash.compact();
  } catch {
    // A failed compaction leaves the journal as it was; Storage compacts by itself when full.
  }
}
