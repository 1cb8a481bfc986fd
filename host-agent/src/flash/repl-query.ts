// Asks the Espruino REPL for a value. Lines go out with DLE (0x10) first: echo off for that line, and
// the real interpreter then prints no `=value` either, so every answer comes from print() behind a
// fresh tag. The tag is built by concatenation on the board, so an echoed command never matches it.
import { randomBytes } from "node:crypto";
import { AgentError } from "../errors.ts";
import type { LineSession } from "./line-session.ts";

const DEFAULT_WAIT_MS = 4000;

/** Runs `statements` (may be empty), then prints `expression`; returns the printed text. */
export async function askRepl(session: LineSession, port: string, statements: string, expression: string, waitMs = DEFAULT_WAIT_MS): Promise<string> {
  const tag = `bk${randomBytes(4).toString("hex")}`;
  const half = tag.length >> 1;
  await session.send(`\x10${statements}print("${tag.slice(0, half)}"+"${tag.slice(half)} "+(${expression}));`);
  const line = await session.waitLine((text) => text.includes(`${tag} `) || /Uncaught /.test(text), waitMs);
  if (line === null) {
    const seen = session.unmatched().slice(-3).join(" | ");
    throw new AgentError("no-answer", `${port}: the Espruino REPL did not answer (${seen === "" ? "silence" : seen}); is this an Espruino board at 115200 baud?`);
  }
  if (!line.includes(`${tag} `)) throw new AgentError("protocol", `${port}: the board reported an error: ${line.replace(/^>/, "").trim()}`);
  return line.slice(line.indexOf(`${tag} `) + tag.length + 1).trim();
}
