// Does a banken board answer at this path? Sends HELLO and waits a short deadline for `OK HELLO ...`.
// Uses the agent's BoardPort (exclusive lock, HUPCL off, safe DTR/RTS), so probing never restarts a
// board; a port an agent already holds is reported busy instead of being disturbed.
import { AgentError } from "../errors.ts";
import { BoardPort } from "../serial/port.ts";

export type ProbeVerdict = "banken" | "other" | "silent" | "busy" | "denied" | "missing" | "error";

export interface ProbeResult {
  verdict: ProbeVerdict;
  /** The board's HELLO reply, or the first foreign line, or the error. */
  detail: string;
}

/** The seam the command and tests use; probeWithBoardPort is the real one. */
export type Prober = (path: string, deadlineMs: number) => Promise<ProbeResult>;

const VERDICT_OF_ERROR: Partial<Record<AgentError["kind"], ProbeVerdict>> = {
  "device-busy": "busy",
  "permission-denied": "denied",
  "device-missing": "missing",
};

/** Classifies one received line; undefined = keep waiting (the board's own "!" lines, blank lines). */
export function classifyHelloReply(line: string): ProbeResult | undefined {
  if (line.trim() === "" || line.startsWith("!")) return undefined;
  if (/^OK HELLO\b/i.test(line)) return { verdict: "banken", detail: line };
  return { verdict: "other", detail: line.slice(0, 80) };
}

export const probeWithBoardPort: Prober = async (path, deadlineMs) => {
  let port: BoardPort;
  try {
    port = await BoardPort.open(path, { lockWaitMs: 0 });
  } catch (error) {
    if (error instanceof AgentError) return { verdict: VERDICT_OF_ERROR[error.kind] ?? "error", detail: error.message };
    return { verdict: "error", detail: (error as Error).message };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = new Promise<ProbeResult>((resolve) => {
      timer = setTimeout(() => resolve({ verdict: "silent", detail: `no answer within ${deadlineMs} ms` }), deadlineMs);
      port.start({
        line: (text) => {
          const result = classifyHelloReply(text);
          if (result !== undefined) resolve(result);
        },
        closed: (error) => resolve({ verdict: "error", detail: error?.message ?? "port closed" }),
      });
    });
    await port.writeLine("HELLO").catch(() => undefined); // a write failure ends the port: closed() answers
    return await answer;
  } finally {
    clearTimeout(timer);
    await port.close();
  }
};
