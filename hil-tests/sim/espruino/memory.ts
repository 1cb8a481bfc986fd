// A plausible JsVar count for process.memory(), with Espruino's cost model (espruino.com/Performance
// and /Internals; docs/performance.md item 4): every value lives in fixed-size blocks (JsVars, 14 B
// on an ESP32). One per object/array and per number; one per property name or array index; a
// string takes one block for its first few characters and one more per ~12 characters after that;
// a function ~5 (FUNCTION_VARS; its code stays in flash when run from .bootcde, per the dialect notes)
// plus a block per parameter and, below more than one function scope, its copied scope chain
// (bundle-ram.ts, functionVars).
// node:vm cannot look into closures, so what the bundle keeps in its closure scopes is
// estimated from the bundle's syntax (bundle-ram.ts) and from the persisted state (persistedStateVars).
// Espruino's src/jsvar.h: a name of up to 4 characters holding a small integer (JSV_NAME_STRING_INT,
// JSV_NAME_INT_INT) or an array index holding a boolean (JSV_NAME_INT_BOOL) is one block in all.

/** Characters in a string's first block (ESP32, 14-byte blocks: JSV_STRING_MAX) and in a name's. */
const FIRST_BLOCK_CHARS = 8;
const NAME_FIRST_BLOCK_CHARS = 4;
const STRING_CHARS_PER_VAR = 12;
/** The integers a name block can hold itself (14-bit JsVarRef, as on a board with ≤ 16383 vars). */
const INLINE_INT_MIN = -8192;
const INLINE_INT_MAX = 8191;
export const FUNCTION_VARS = 5;

/** Blocks of a string value of `length` characters. */
export function stringVars(length: number): number {
  return 1 + Math.ceil(Math.max(0, length - FIRST_BLOCK_CHARS) / STRING_CHARS_PER_VAR);
}

/** Blocks of a property or variable name of `length` characters (without its value). */
export function nameVars(length: number): number {
  return 1 + Math.ceil(Math.max(0, length - NAME_FIRST_BLOCK_CHARS) / STRING_CHARS_PER_VAR);
}

/** True when the value sits inside its name's block (a small integer, or a boolean): no block of its own. */
export function inlineValue(value: unknown): boolean {
  return typeof value === "boolean" || (Number.isInteger(value) && (value as number) >= INLINE_INT_MIN && (value as number) <= INLINE_INT_MAX);
}

/** Blocks of one value and everything it reaches (cycles and shared objects counted once). */
export function valueVars(root: unknown, seen = new Set<unknown>()): number {
  let vars = 0;
  const stack: unknown[] = [root];
  let budget = 200000; // a runaway graph must not stall a benchmark
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (v === null || v === undefined || typeof v === "boolean" || typeof v === "number") {
      vars += v === undefined ? 0 : 1;
      continue;
    }
    if (typeof v === "string") {
      vars += stringVars(v.length);
      continue;
    }
    if (typeof v !== "object" && typeof v !== "function") continue;
    if (seen.has(v)) continue;
    seen.add(v);
    // A function's blocks are counted from the code that made it (bundle-ram.ts; RAM code by length).
    vars += typeof v === "function" ? 0 : 1;
    let keys: string[];
    try {
      keys = Object.keys(v as object);
    } catch {
      continue;
    }
    for (const k of keys) {
      vars += nameVars(k.length);
      try {
        const child = (v as Record<string, unknown>)[k];
        if (!inlineValue(child)) stack.push(child);
      } catch {
        // a throwing getter holds no data
      }
    }
  }
  return vars;
}

/** The globals the program added (not the built-ins in `skip`): one name each plus its value. */
export function estimateJsVars(roots: Record<string, unknown>, skip: Set<string>): number {
  const seen = new Set<unknown>();
  let vars = 0;
  for (const key of Object.keys(roots)) {
    if (skip.has(key)) continue;
    vars += nameVars(key.length) + (inlineValue(roots[key]) ? 0 : valueVars(roots[key], seen));
  }
  return vars;
}

/** `<seq> <crc32 hex> <json>`: the two-slot record the firmware persists (firmware/core/persist.ts). */
const RECORD = /^(\d+) [0-9a-f]{8} (.*)$/s;

/** The newest `<seq> <crc> <json>` record among flash files' texts, or null. */
function newestRecord(files: string[]): { seq: number; text: string; body: string } | null {
  let newest: { seq: number; text: string; body: string } | null = null;
  for (const text of files) {
    const m = RECORD.exec(text);
    if (m === null) continue;
    const seq = Number(m[1]);
    if (newest === null || seq > newest.seq) newest = { seq, text, body: m[2] };
  }
  return newest;
}

/**
 * The state the firmware keeps in RAM mirrors its newest flash record (config, counters, history):
 * the blocks of that record's JSON as objects. 0 when flash holds no such record.
 */
export function persistedStateVars(files: string[]): number {
  const newest = newestRecord(files);
  if (newest === null) return 0;
  try {
    return valueVars(JSON.parse(newest.body));
  } catch {
    return 0;
  }
}

/** Objects and arrays, and characters of strings, in the state the newest flash record mirrors in RAM. */
export function persistedStateShape(files: string[]): { objects: number; stringChars: number } {
  const shape = { objects: 0, stringChars: 0 };
  const newest = newestRecord(files);
  if (newest === null) return shape;
  let stack: unknown[];
  try {
    stack = [JSON.parse(newest.body)];
  } catch {
    return shape;
  }
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") shape.stringChars += v.length;
    if (typeof v !== "object" || v === null) continue;
    shape.objects++;
    stack.push(...Object.values(v));
  }
  return shape;
}

/**
 * What a save holds while it writes, beyond the state itself: the record's JSON and the record
 * text built from it (firmware/core/persist.ts), two strings of about the record's length. 0 when
 * flash holds no record.
 */
export function saveStringVars(files: string[]): number {
  const newest = newestRecord(files);
  return newest === null ? 0 : stringVars(newest.body.length) + stringVars(newest.text.length);
}
