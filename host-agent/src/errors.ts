// Tagged errors for expected failures. cli.ts turns each into one line on stderr and its exit code;
// anything that is not an AgentError is a bug and gets a stack trace.
import { EXIT, type ExitCode } from "./exit-codes.ts";

export type ErrorKind =
  | "usage"
  | "config"
  | "checks-failed"
  | "device-missing"
  | "device-busy"
  | "permission-denied"
  | "no-answer"
  | "not-banken"
  | "disconnected"
  | "protocol"
  | "refused"
  | "not-serial-port";

const EXIT_OF_KIND: Record<ErrorKind, ExitCode> = {
  usage: EXIT.usage,
  config: EXIT.usage,
  "checks-failed": EXIT.checksFailed,
  "device-missing": EXIT.deviceMissing,
  "device-busy": EXIT.deviceBusy,
  "permission-denied": EXIT.permissionDenied,
  "no-answer": EXIT.protocol,
  "not-banken": EXIT.protocol,
  disconnected: EXIT.protocol,
  protocol: EXIT.protocol,
  refused: EXIT.refused,
  "not-serial-port": EXIT.notSerialPort,
};

export class AgentError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = "AgentError";
    this.kind = kind;
  }
  get exitCode(): ExitCode {
    return EXIT_OF_KIND[this.kind];
  }
}

/**
 * The exit code and one-line message for an expected failure, or null for a bug. Besides our own
 * AgentError it recognises the config loader's tagged ConfigError (duck-typed: name "ConfigError").
 */
export function expectedFailure(error: unknown): { exitCode: ExitCode; message: string } | null {
  if (error instanceof AgentError) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof Error && error.name === "ConfigError") return { exitCode: EXIT.usage, message: error.message };
  return null;
}
