// The control socket's line protocol, between `banken run` (server.ts) and the other commands
// (client.ts). One JSON object per line, each way; one connection per command.
//   client: {"device":"/dev/banken"}         hello: which board the command means
//   server: {"serving":"/dev/banken"}        go ahead
//        or {"pass":"other-device"|"offline"} use the port yourself (another board, or the service has none now)
//   client: {"line":"HOLD 7200000"}          one board request, as the wire protocol writes it
//   server: {"reply":"OK HOLD hold=7200000 state=holding"}
//        or {"error":{"kind":"refused","message":"the board refused HOLD: ..."}}
// Only the verbs the commands need pass (never BEAT, CONSOLE, or a second line smuggled in).
import type { ErrorKind } from "../errors.ts";

/** Where the systemd unit's RuntimeDirectory=banken puts it; `--control` or `control-socket` override. */
export const DEFAULT_CONTROL_SOCKET = "/run/banken/control.sock";

/** The verbs status, hold, log, config, arm, disarm and test send. */
export const FORWARDED_VERBS = ["STATUS", "GET", "SET", "HOLD", "ARM", "DISARM", "TEST", "LOG"] as const;

/** Longer than any request line a command sends (the board's own limit is shorter). */
export const MAX_REQUEST_LINE = 1024;

export type ClientMessage = { device: string } | { line: string };

export type PassReason = "other-device" | "offline";

export type ServerMessage =
  | { serving: string }
  | { pass: PassReason }
  | { reply: string }
  | { error: { kind: ErrorKind; message: string } };

/** Why a request line may not go to the board, or null when it may. */
export function refusedLine(line: string): string | null {
  // Printable ASCII only: a CR or LF inside would make two board lines out of one request.
  if (!/^[\x20-\x7e]{1,200}$/.test(line)) return "a request is one line of printable ASCII, at most 200 characters";
  const verb = line.split(" ")[0].toUpperCase();
  if (!(FORWARDED_VERBS as readonly string[]).includes(verb)) return `the service passes on ${FORWARDED_VERBS.join(" ")} only, not ${verb}`;
  return null;
}

/** Parses one line into an object, or null when it is not a JSON object. */
export function parseMessage(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function encode(message: ClientMessage | ServerMessage): string {
  return `${JSON.stringify(message)}\n`;
}
