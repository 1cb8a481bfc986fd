// After the upload the CLI sends load(): the new firmware starts, moves the console off the port
// and answers HELLO. Retried until a deadline, because a real board takes about a second to start.
import { AgentError } from "../errors.ts";
import { parseBoardLine } from "../protocol/reply.ts";
import { LineSession } from "./line-session.ts";

export interface VerifyResult {
  fw: string;
  board: string;
}

const TRY_MS = 1000;

export async function verifyHello(path: string, expectFw: string, deadlineMs: number): Promise<VerifyResult> {
  const giveUpAt = Date.now() + deadlineMs;
  let last = "no answer";
  while (Date.now() < giveUpAt) {
    const session = await LineSession.open(path, 2000);
    try {
      await session.send("HELLO");
      const line = await session.waitLine((text) => /^(OK HELLO|ERR )/.test(text), TRY_MS);
      const reply = line === null ? null : parseBoardLine(line);
      if (reply?.kind === "ok") {
        const fw = reply.fields.fw ?? "?";
        if (fw !== expectFw) throw new AgentError("protocol", `the board answers, but with firmware ${fw}, not ${expectFw}: the upload did not take`);
        return { fw, board: reply.fields.board ?? "?" };
      }
      last = line ?? session.unmatched().slice(-1)[0] ?? "no answer";
    } finally {
      await session.close();
    }
  }
  throw new AgentError("no-answer", `the new firmware did not answer HELLO within ${deadlineMs} ms (last: ${last})`);
}
