// Before the espruino CLI can upload, the port must be the Espruino REPL again. banken firmware
// moved the console off the port at start (docs/protocol.md, CONSOLE), so: HELLO gives this boot's
// console code, CONSOLE <code> hands the REPL back. Then reset() stops the running firmware and the
// old .bootcde is erased and Storage compacted, while no code runs from flash: compaction can move
// .bootcde (docs/espruino-dialect.md), and the fresh copy then lands in one piece.
// The config and history records are kept: re-flashing never loses the board's settings.
import { AgentError } from "../errors.ts";
import { parseBoardLine } from "../protocol/reply.ts";
import { LineSession } from "./line-session.ts";

export interface HandoffResult {
  /** The firmware that was running ("0.1.0"), or null when the port was already the REPL. */
  previousFw: string | null;
}

const HELLO_WAIT_MS = 1000;
const HELLO_TRIES = 3;
const REPL_WAIT_MS = 4000;
/** Lets the banner and prompt after reset() pass before the next command. */
const AFTER_RESET_MS = 300;
/** A marker the REPL prints; built by concatenation so that the echoed command never matches. */
const MARK = "banken-storage-ready";
const MARK_CODE = `"banken-storage"+"-ready"`;

export async function handOffConsole(path: string, progress: (line: string) => void): Promise<HandoffResult> {
  const session = await LineSession.open(path, 2000);
  try {
    // A board that is still starting (about a second after power-on) drops what it receives.
    let hello: string | null = null;
    for (let attempt = 0; attempt < HELLO_TRIES && hello === null; attempt++) {
      await session.send("HELLO");
      hello = await session.waitLine((line) => /^(OK HELLO|ERR )/.test(line) || /Uncaught|=undefined|^>/.test(line), HELLO_WAIT_MS);
    }
    let previousFw: string | null = null;
    const reply = hello === null ? null : parseBoardLine(hello);
    if (reply?.kind === "ok") {
      previousFw = reply.fields.fw ?? "?";
      const code = reply.fields.console;
      if (code === undefined) throw new AgentError("protocol", `the board's HELLO has no console code: ${hello}`);
      progress(`banken firmware ${previousFw} is running (board ${reply.fields.board ?? "?"}): asking it for the REPL with CONSOLE`);
      await session.send(`CONSOLE ${code}`);
      const answer = await session.waitLine((line) => /^(OK CONSOLE|ERR )/.test(line), HELLO_WAIT_MS);
      if (answer === null || !answer.startsWith("OK")) throw new AgentError("refused", `the board did not give the REPL back: ${answer ?? "no answer"}`);
    } else if (hello === null) {
      progress("no answer to HELLO: trying the Espruino REPL directly");
    } else {
      progress("the port is already the Espruino REPL");
    }
    // Ctrl-C clears a half-typed line; reset() stops the firmware (no .bootcde runs after reset()).
    await session.send("\x03");
    session.clear();
    await session.send("reset();");
    // The reset is done when the REPL answers; a real board prints its banner after that.
    await session.waitLine((line) => line.includes("=undefined"), REPL_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, AFTER_RESET_MS));
    session.clear();
    await session.send(`\x10require("Storage").erase(".bootcde");require("Storage").compact();print(${MARK_CODE});`);
    const ready = await session.waitLine((line) => line.includes(MARK), REPL_WAIT_MS);
    if (ready === null) {
      const seen = session.unmatched().slice(-3).join(" | ");
      throw new AgentError("no-answer", `${path}: the Espruino REPL did not answer (${seen === "" ? "silence" : seen}); is this an Espruino board at 115200 baud?`);
    }
    progress("old boot code erased, Storage compacted (config and history kept)");
    return { previousFw };
  } finally {
    await session.close();
  }
}
