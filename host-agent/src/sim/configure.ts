// Waits for a freshly started simulated board to answer, then sets its timing (SET ... in the
// board's own keys, stored in its flash like any SET).
import { AgentError } from "../errors.ts";
import { connect } from "../cli/connect.ts";
import type { OkReply } from "../protocol/reply.ts";

export interface BoardTiming {
  timeoutMs?: number;
  pulseMs?: number;
  warnMs?: number;
}

/** HELLO until the firmware answers (it starts ~1 s after power-on), then SET; returns HELLO's reply. */
export async function configureSimBoard(path: string, timing: BoardTiming, deadlineMs = 10000): Promise<OkReply> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const client = await connect(path, { "reply-timeout": "500ms" });
    try {
      const hello = await client.request("HELLO");
      const keys = Object.entries(timing).filter(([, ms]) => ms !== undefined);
      if (keys.length > 0) await client.request(`SET ${keys.map(([key, ms]) => `${key}=${ms}`).join(" ")}`);
      return hello;
    } catch (error) {
      if (!(error instanceof AgentError) || error.kind === "refused" || Date.now() > giveUpAt) throw error;
    } finally {
      await client.close();
    }
  }
}
