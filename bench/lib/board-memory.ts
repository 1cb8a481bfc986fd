// Item 4's RAM figure as the interpreter itself counts it: `process.memory()` read through the REPL
// of a running banken board. The firmware keeps the REPL off its port (docs/protocol.md, CONSOLE), so:
// HELLO gives this boot's console code and LOG the history length, CONSOLE <code> hands the REPL over,
// process.memory() is read with the firmware still running (at rest: it only waits on timers), then
// reset() stops it and a second reading gives the interpreter's own use with no program, and load()
// starts the firmware again from flash (a board restart, recorded in its history like any other).
// The program's share is the difference, each reading without the REPL's command history (Espruino
// frees that when memory runs low). The same conversation runs on a real board (npm run bench --
// --port /dev/ttyUSB0) and on the simulated one, where process.memory() is the simulator's estimate.
import { parseBoardLine } from "../../host-agent/src/protocol/reply.ts";
import { LineSession } from "../../host-agent/src/flash/line-session.ts";
import { BenchSetupError } from "./proc.ts";

export interface BoardMemory {
  board: string;
  /** Events in the board's history when it was read (the worst case is 16). */
  historyEvents: number;
  /** JsVars in use with the firmware running, and with no program (after reset()); command history excluded. */
  runningVars: number;
  emptyVars: number;
  /** The program's share: runningVars − emptyVars. */
  programVars: number;
  /** process.memory().total: the JsVars this board has. */
  totalVars: number;
}

const REPLY_WAIT_MS = 2000;
const HELLO_TRIES = 3;
/** After load() the firmware's first line (after the REPL's prompt); a real ESP32 needs about a second to get there. */
const BOOT_WAIT_MS = 10000;
const AFTER_RESET_MS = 300;
/** Printed before the JSON; built by concatenation in the command so its echo never matches. */
const MARK = "banken-mem ";
const READ_MEMORY = `\x10print("banken-"+"mem "+JSON.stringify(process.memory()))`;

export async function readBoardMemory(path: string): Promise<BoardMemory> {
  const session = await LineSession.open(path, 2000);
  try {
    const hello = await helloFields(session, path);
    const log = await ask(session, path, "LOG", /^(OK LOG|ERR )/);
    const events = Number(/^OK LOG.* of=(\d+)/.exec(log)?.[1] ?? NaN); // NaN if LOG was refused
    const handed = await ask(session, path, `CONSOLE ${hello.console}`, /^(OK CONSOLE|ERR )/);
    if (!handed.startsWith("OK")) throw new BenchSetupError(`${path}: the board refused CONSOLE: ${handed}`);
    const running = await memory(session, path);
    // Ctrl-C clears a half-typed line; reset() stops the firmware without running its boot code.
    await session.send("\x03");
    session.clear();
    await session.send("reset();");
    if ((await session.waitLine((line) => line.includes("=undefined"), REPLY_WAIT_MS)) === null) throw new BenchSetupError(`${path}: reset() was not answered`);
    await new Promise((done) => setTimeout(done, AFTER_RESET_MS));
    session.clear();
    const empty = await memory(session, path);
    await session.send("\x10load()");
    if ((await session.waitLine((line) => line.includes("!BOOT "), BOOT_WAIT_MS)) === null) {
      throw new BenchSetupError(`${path}: the firmware did not start again after load(); power-cycle the board (${session.unmatched().slice(-3).join(" | ") || "silence"})`);
    }
    const runningVars = running.usage - running.history;
    const emptyVars = empty.usage - empty.history;
    return { board: hello.board ?? "?", historyEvents: events, runningVars, emptyVars, programVars: runningVars - emptyVars, totalVars: running.total };
  } finally {
    await session.close();
  }
}

async function helloFields(session: LineSession, path: string): Promise<Record<string, string>> {
  for (let attempt = 0; attempt < HELLO_TRIES; attempt++) {
    await session.send("HELLO");
    const line = await session.waitLine((l) => /^(OK HELLO|ERR )/.test(l), REPLY_WAIT_MS);
    if (line === null) continue; // a board still starting drops what it receives
    const reply = parseBoardLine(line);
    if (reply.kind === "ok" && reply.fields.console !== undefined) return reply.fields;
    throw new BenchSetupError(`${path}: HELLO was answered "${line}", not by banken firmware with a console code`);
  }
  throw new BenchSetupError(`${path}: no banken firmware answers HELLO (is it flashed, and is this its port?)`);
}

async function ask(session: LineSession, path: string, request: string, answer: RegExp): Promise<string> {
  await session.send(request);
  const line = await session.waitLine((l) => answer.test(l), REPLY_WAIT_MS);
  if (line === null) throw new BenchSetupError(`${path}: no answer to ${request.split(" ")[0]}`);
  return line;
}

interface MemoryReading {
  usage: number;
  history: number;
  total: number;
}

async function memory(session: LineSession, path: string): Promise<MemoryReading> {
  await session.send(READ_MEMORY);
  // The REPL's prompt may come first on the line ("> banken-mem {...}").
  const line = await session.waitLine((l) => l.includes(MARK), REPLY_WAIT_MS);
  if (line === null) throw new BenchSetupError(`${path}: the REPL did not print process.memory() (${session.unmatched().slice(-2).join(" | ") || "silence"})`);
  let got: Partial<MemoryReading>;
  try {
    got = JSON.parse(line.slice(line.indexOf(MARK) + MARK.length)) as Partial<MemoryReading>;
  } catch {
    throw new BenchSetupError(`${path}: process.memory() printed something that is not JSON: ${line}`);
  }
  const usage = Number(got.usage);
  const total = Number(got.total);
  if (!Number.isInteger(usage) || !Number.isInteger(total)) throw new BenchSetupError(`${path}: process.memory() has no usage/total: ${line}`);
  return { usage, total, history: Number.isInteger(got.history) ? Number(got.history) : 0 };
}
