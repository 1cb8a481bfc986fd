// Before the espruino CLI can upload, the port must be the Espruino REPL again. banken firmware
// moved the console off the port at start (docs/protocol.md, CONSOLE), so: HELLO says which board
// this is and gives this boot's console code, CONSOLE <code> hands the REPL back. A board that is not
// the one named by --board is refused before anything changes on it (a pico bundle on an esp32 left
// it with no working firmware). The old firmware keeps running and its .bootcde stays in place until
// the new one is verified on the board (stage.ts).
import { AgentError } from "../errors.ts";
import { parseBoardLine } from "../protocol/reply.ts";
import type { LineSession } from "./line-session.ts";
import { askRepl } from "./repl-query.ts";

export interface HandoffOptions {
  /** The board file being flashed (esp32), as HELLO's board= says it. */
  board: string;
  /** Espruino's name for that board (ESP32), as process.env.BOARD says it on the REPL. */
  espruinoBoard: string;
  /** Flash even when the board says it is another one. */
  force: boolean;
  /** A HOLD this long goes before CONSOLE: a board that still judges must not press a healthy host mid-flash. */
  holdMs: number;
  progress(line: string): void;
}

export interface HandoffResult {
  /** The firmware that was running ("0.1.0"), or null when the port was already the REPL. */
  previousFw: string | null;
}

const HELLO_WAIT_MS = 1000;
const ERASE_LINE = "\x1b[2H";
const HELLO_TRIES = 3;

const LOCKED_MESSAGE =
  "the board is locked (locked=1) and refuses CONSOLE, so it cannot be flashed over USB; unlocking takes physical access: hold its button through power-up (factory reset) or erase the chip (docs/security.md)";

async function request(session: LineSession, line: string, verb: string): Promise<string | null> {
  await session.send(line);
  return session.waitLine((text) => text.startsWith(`OK ${verb}`) || text.startsWith("ERR "), HELLO_WAIT_MS);
}

/**
 * A locked board is refused before anything changes on it. Then judgment is held for the flash: the
 * firmware judges on while the port is the REPL and cannot hear the host's beats. (With a console
 * hold in the firmware this is redundant; a board acting or given up has no judgment to hold.)
 */
async function holdJudgment(session: LineSession, port: string, holdMs: number, progress: (line: string) => void): Promise<void> {
  const locked = await request(session, "GET locked", "GET");
  if (locked !== null && /\blocked=1\b/.test(locked)) throw new AgentError("refused", LOCKED_MESSAGE);
  const hold = await request(session, `HOLD ${Math.round(holdMs)}`, "HOLD");
  if (hold === null) throw new AgentError("no-answer", `${port}: the board did not answer HOLD`);
  if (hold.startsWith("OK")) progress(`judgment held for ${Math.round(holdMs / 1000)} s while flashing (a restart ends the hold)`);
  else progress(`the board refused HOLD (${hold}): flashing on`);
}

function refuseOtherBoard(port: string, says: string, wanted: string, force: boolean, progress: (line: string) => void): void {
  if (says === wanted) return;
  if (!force) throw new AgentError("usage", `${port} says it is board ${says}, not ${wanted}: refusing to flash it (check --board; --force flashes anyway)`);
  progress(`the board says ${says}, not ${wanted}: flashing anyway (--force)`);
}

export async function handOffConsole(session: LineSession, port: string, o: HandoffOptions): Promise<HandoffResult> {
  // A board that is still starting (about a second after power-on) drops what it receives.
  let hello: string | null = null;
  for (let attempt = 0; attempt < HELLO_TRIES && hello === null; attempt++) {
    await session.send("HELLO");
    hello = await session.waitLine((line) => /^(OK HELLO|ERR )/.test(line) || /Uncaught|=undefined|^>/.test(line), HELLO_WAIT_MS);
  }
  const reply = hello === null ? null : parseBoardLine(hello);
  if (reply?.kind === "ok") {
    const previousFw = reply.fields.fw ?? "?";
    refuseOtherBoard(port, reply.fields.board ?? "?", o.board, o.force, o.progress);
    const code = reply.fields.console;
    if (code === undefined) throw new AgentError("protocol", `the board's HELLO has no console code: ${hello}`);
    await holdJudgment(session, port, o.holdMs, o.progress);
    o.progress(`banken firmware ${previousFw} is running (board ${reply.fields.board ?? "?"}): asking it for the REPL with CONSOLE`);
    const answer = await request(session, `CONSOLE ${code}`, "CONSOLE");
    if (answer !== null && /^ERR locked/.test(answer)) throw new AgentError("refused", LOCKED_MESSAGE);
    if (answer === null || !answer.startsWith("OK")) throw new AgentError("refused", `the board did not give the REPL back: ${answer ?? "no answer"}`);
    session.clear();
    return { previousFw };
  }
  o.progress(hello === null ? "no answer to HELLO: trying the Espruino REPL directly" : "the port is already the Espruino REPL");
  // ESC [ 2 H erases a half-typed line (an upload cut mid-line), as Espruino's REPL defines it. Not
  // Ctrl-C: on an empty line the Linux build takes a second Ctrl-C within 5 s as "exit".
  await session.send(ERASE_LINE);
  session.clear();
  refuseOtherBoard(port, await askRepl(session, port, "", "process.env.BOARD"), o.espruinoBoard, o.force, o.progress);
  return { previousFw: null };
}
