// The command table: turns one request line into exactly one reply line. Parsing and argument checks
// live here; what a command does lives in the Watchdog (CommandTarget), which returns the reply.
// Verbs are case-insensitive; tokens are separated by one or more spaces; arguments are `key=value`
// or positional, as each verb states. See docs/protocol.md.
import { findConfigKey, parseUint } from "./config.ts";
import { ERROR_CODES, MAX_HOLD_MS } from "./types.ts";
import type { ConfigKey, ErrorCode } from "./types.ts";

/** Protocol version reported by HELLO. */
export const PROTO_VERSION = 1;
/** Longest host boot id BEAT accepts. */
export const MAX_BOOT_ID = 40;

/** One SET assignment, key already canonical, value already a whole number. */
export interface Assignment {
  _key: ConfigKey;
  _value: number;
}

/** What the command table drives: the Watchdog. Each method returns the full reply line. */
export interface CommandTarget {
  _cmdBeat(nowMs: number, seq: number, bootId: string): string;
  _cmdStatus(nowMs: number): string;
  _cmdHello(): string;
  _cmdGet(key: ConfigKey | ""): string;
  _cmdSet(nowMs: number, changes: Assignment[]): string;
  _cmdHold(nowMs: number, holdMs: number): string;
  _cmdArm(nowMs: number): string;
  _cmdDisarm(): string;
  _cmdLog(index: number): string;
  _cmdTestLed(nowMs: number): string;
  _cmdTestRelay(nowMs: number): string;
  /** Sends its reply itself (before giving the console away) and returns "". */
  _cmdConsole(code: string): string;
}

type Handler = (target: CommandTarget, args: string[], nowMs: number) => string;

export function errLine(code: ErrorCode, detail: string): string {
  return "ERR " + code + " " + (detail === "" ? ERROR_CODES[code] : detail);
}

/** Splits on runs of spaces. */
export function tokenize(line: string): string[] {
  const parts = line.split(" ");
  const tokens: string[] = [];
  for (var i = 0; i < parts.length; i++) {
    if (parts[i] !== "") tokens.push(parts[i]);
  }
  return tokens;
}

/** Index of "=" in a `key=value` token with both sides non-empty, else -1. */
function splitAt(token: string): number {
  const eq = token.indexOf("=");
  return eq > 0 && eq < token.length - 1 ? eq : -1;
}

function noArgs(args: string[], verb: string): string {
  return args.length === 0 ? "" : errLine("arg", verb + " takes no arguments");
}

function cmdBeat(target: CommandTarget, args: string[], nowMs: number): string {
  let seq = -1;
  let bootId = "";
  for (var i = 0; i < args.length; i++) {
    const eq = splitAt(args[i]);
    const key = eq < 0 ? "" : args[i].substring(0, eq).toLowerCase();
    const value = args[i].substring(eq + 1);
    if (key === "seq" && parseUint(value) >= 0) seq = parseUint(value);
    else if (key === "boot" && value.length <= MAX_BOOT_ID) bootId = value;
    else return errLine("arg", "BEAT [seq=N] [boot=ID]");
  }
  return target._cmdBeat(nowMs, seq, bootId);
}

function cmdStatus(target: CommandTarget, args: string[], nowMs: number): string {
  return noArgs(args, "STATUS") || target._cmdStatus(nowMs);
}

function cmdHello(target: CommandTarget, args: string[]): string {
  return noArgs(args, "HELLO") || target._cmdHello();
}

function cmdGet(target: CommandTarget, args: string[]): string {
  if (args.length > 1) return errLine("arg", "GET [key]");
  if (args.length === 0) return target._cmdGet("");
  const key = findConfigKey(args[0]);
  return key === "" ? errLine("key", args[0]) : target._cmdGet(key);
}

function cmdSet(target: CommandTarget, args: string[], nowMs: number): string {
  if (args.length === 0) return errLine("arg", "SET key=value ...");
  const changes: Assignment[] = [];
  for (var i = 0; i < args.length; i++) {
    const eq = splitAt(args[i]);
    if (eq < 0) return errLine("arg", args[i]);
    const key = findConfigKey(args[i].substring(0, eq));
    if (key === "") return errLine("key", args[i].substring(0, eq));
    const value = parseUint(args[i].substring(eq + 1));
    if (value < 0) return errLine("arg", args[i]);
    changes.push({ _key: key, _value: value });
  }
  return target._cmdSet(nowMs, changes);
}

function cmdHold(target: CommandTarget, args: string[], nowMs: number): string {
  const holdMs = args.length === 1 ? parseUint(args[0]) : -1;
  if (holdMs < 0) return errLine("arg", "HOLD <ms>");
  if (holdMs > MAX_HOLD_MS) return errLine("range", "HOLD 0.." + MAX_HOLD_MS);
  return target._cmdHold(nowMs, holdMs);
}

function cmdArm(target: CommandTarget, args: string[], nowMs: number): string {
  return noArgs(args, "ARM") || target._cmdArm(nowMs);
}

function cmdDisarm(target: CommandTarget, args: string[]): string {
  return noArgs(args, "DISARM") || target._cmdDisarm();
}

function cmdLog(target: CommandTarget, args: string[]): string {
  if (args.length === 0) return target._cmdLog(-1);
  const index = args.length === 1 ? parseUint(args[0]) : -1;
  return index < 0 ? errLine("arg", "LOG [i]") : target._cmdLog(index);
}

function cmdTest(target: CommandTarget, args: string[], nowMs: number): string {
  const what = args.length > 0 ? args[0].toLowerCase() : "";
  if (what === "led" && args.length === 1) return target._cmdTestLed(nowMs);
  if (what !== "relay" || args.length > 2) return errLine("arg", "TEST led | TEST relay confirm=yes");
  if (args.length < 2 || args[1].toLowerCase() !== "confirm=yes") return errLine("confirm", "");
  return target._cmdTestRelay(nowMs);
}

function cmdConsole(target: CommandTarget, args: string[]): string {
  return args.length === 1 ? target._cmdConsole(args[0]) : errLine("arg", "CONSOLE <code>");
}

const COMMANDS: { [verb: string]: Handler } = {
  BEAT: cmdBeat,
  STATUS: cmdStatus,
  HELLO: cmdHello,
  GET: cmdGet,
  SET: cmdSet,
  HOLD: cmdHold,
  ARM: cmdArm,
  DISARM: cmdDisarm,
  LOG: cmdLog,
  TEST: cmdTest,
  CONSOLE: cmdConsole,
};

/**
 * The reply to one request line (already free of control bytes and within MAX_LINE), or "" for a
 * blank line (no reply) and for CONSOLE, which replies by itself.
 */
export function handleLine(target: CommandTarget, line: string, nowMs: number): string {
  const tokens = tokenize(line);
  if (tokens.length === 0) return "";
  const verb = tokens[0].toUpperCase();
  const handler = COMMANDS.hasOwnProperty(verb) ? COMMANDS[verb] : undefined;
  if (handler === undefined) return errLine("verb", tokens[0]);
  return handler(target, tokens.slice(1), nowMs);
}
