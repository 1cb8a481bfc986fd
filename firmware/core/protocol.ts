// The protocol constants and the argument helpers the verbs share: one request line → one reply
// line. The verbs themselves, argument checks included, are one `switch` in the Watchdog
// (watchdog.ts, command()), so the whole command table costs one function on the board. Verbs are
// case-insensitive; tokens are separated by one or more spaces; arguments are `key=value` or
// positional, as each verb states. See docs/protocol.md.
import { ERROR_CODES } from "./types.ts";
import type { ErrorCode } from "./types.ts";

/** Protocol version reported by HELLO. */
export const PROTO_VERSION = 1;
/** Longest host boot id BEAT accepts. */
export const MAX_BOOT_ID = 40;
/** Verbs that take no arguments; the dispatcher refuses arguments for them. */
export const NO_ARGS = ["STATUS", "HELLO", "ARM", "DISARM"];

export function errLine(code: ErrorCode, detail: string): string {
  return "ERR " + code + " " + (detail === "" ? ERROR_CODES[code] : detail);
}

/** Index of "=" in a `key=value` token with both sides non-empty, else -1. */
export function splitAt(token: string): number {
  const eq = token.indexOf("=");
  return eq > 0 && eq < token.length - 1 ? eq : -1;
}
