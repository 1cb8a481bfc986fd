// The command table's dispatcher and the argument helpers its verbs share: one request line → one
// reply line. What each verb does, argument checks included, is one function in the Watchdog's
// table (watchdog.ts), so a verb costs one function on the board. Verbs are case-insensitive;
// tokens are separated by one or more spaces; arguments are `key=value` or positional, as each verb
// states. See docs/protocol.md.
import { ERROR_CODES } from "./types.ts";
import type { ErrorCode } from "./types.ts";

/** Protocol version reported by HELLO. */
export const PROTO_VERSION = 1;
/** Longest host boot id BEAT accepts. */
export const MAX_BOOT_ID = 40;
/** Verbs that take no arguments; the dispatcher refuses arguments for them. */
const NO_ARGS = ["STATUS", "HELLO", "ARM", "DISARM"];

/** One verb: its arguments (tokens after the verb) and the time → the full reply line. */
export type Verb = (args: string[], nowMs: number) => string;

export function errLine(code: ErrorCode, detail: string): string {
  return "ERR " + code + " " + (detail === "" ? ERROR_CODES[code] : detail);
}

/** Index of "=" in a `key=value` token with both sides non-empty, else -1. */
export function splitAt(token: string): number {
  const eq = token.indexOf("=");
  return eq > 0 && eq < token.length - 1 ? eq : -1;
}

/**
 * The reply to one request line (already free of control bytes and within MAX_LINE), or "" for a
 * blank line (no reply) and for CONSOLE, which replies by itself.
 */
export function handleLine(verbs: { [verb: string]: Verb }, line: string, nowMs: number): string {
  const parts = line.split(" ");
  const tokens: string[] = [];
  for (var i = 0; i < parts.length; i++) {
    if (parts[i] !== "") tokens.push(parts[i]);
  }
  if (tokens.length === 0) return "";
  const verb = tokens[0].toUpperCase();
  if (!verbs.hasOwnProperty(verb)) return errLine("verb", tokens[0]);
  if (tokens.length > 1 && NO_ARGS.indexOf(verb) >= 0) return errLine("arg", verb + " takes no arguments");
  return verbs[verb](tokens.slice(1), nowMs);
}
