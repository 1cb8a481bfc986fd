// The protocol constants and the argument helpers the verbs share: one request line → one reply
// line. The verbs themselves, argument checks included, are one `switch` in the Watchdog
// (watchdog.ts, command()), so the whole command table costs one function on the board. Verbs are
// case-insensitive; tokens are separated by one or more spaces; arguments are `key=value` or
// positional, as each verb states. See docs/protocol.md.
import type { ErrorCode } from "./types.ts";

/** Protocol version reported by HELLO. */
export const PROTO_VERSION = 1;
/** Longest host boot id BEAT accepts. */
export const MAX_BOOT_ID = 40;

/**
 * `ERR <code> <detail>`; an empty detail gives the code's fixed text. The texts are ERROR_CODES
 * (types.ts, the documented table) repeated in a switch so that on the board they stay in flash
 * instead of a table in RAM; protocol.test.ts checks that both agree.
 */
export function errLine(code: ErrorCode, detail: string): string {
  if (detail === "") {
    switch (code) {
      case "verb": detail = "unknown verb"; break;
      case "arg": detail = "malformed argument"; break;
      case "key": detail = "unknown key"; break;
      case "range": detail = "value out of range"; break;
      case "long": detail = "line too long"; break;
      case "char": detail = "bad byte in line"; break;
      case "locked": detail = "refused: locked"; break;
      case "busy": detail = "not allowed now"; break;
      case "confirm": detail = "needs confirm=yes"; break;
      case "code": detail = "wrong console code"; break;
      case "flash": detail = "flash write failed"; break;
    }
  }
  return "ERR " + code + " " + detail;
}

/** Index of "=" in a `key=value` token with both sides non-empty, else -1. */
export function splitAt(token: string): number {
  const eq = token.indexOf("=");
  return eq > 0 && eq < token.length - 1 ? eq : -1;
}
