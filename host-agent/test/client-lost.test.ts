// A board that goes away while a request is being written (an unplug mid-BEAT) is an expected
// failure: the request rejects with "disconnected", and nothing else throws. `npm test` once saw
// `banken run` die of that rejection, unhandled, when the port closed before the write returned.
import assert from "node:assert/strict";
import { AgentError } from "../src/errors.ts";
import { BoardClient } from "../src/protocol/client.ts";
import type { BoardPort } from "../src/serial/port.ts";

/** A port that is unplugged while a line is being written: the read side ends first, then the write returns. */
function portUnpluggedMidWrite(): BoardPort {
  let sink: { closed(error: AgentError | null): void } | null = null;
  const port = {
    path: "/dev/fake",
    start: (s: { closed(error: AgentError | null): void }) => void (sink = s),
    writeLine: async () => {
      sink?.closed(new AgentError("disconnected", "/dev/fake went away (bad file descriptor)"));
      await new Promise((resolve) => setTimeout(resolve, 20)); // the write's own I/O, a macrotask later
    },
    close: async () => undefined,
  };
  return port as unknown as BoardPort;
}

describe("BoardClient: the board goes away during a request", () => {
  it("rejects the request as disconnected, with no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.prependListener("unhandledRejection", record);
    try {
      const client = new BoardClient(portUnpluggedMidWrite(), { replyTimeoutMs: 1000 });
      await assert.rejects(client.request("BEAT"), { name: "AgentError", message: /went away/ });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.removeListener("unhandledRejection", record);
    }
    assert.deepEqual(unhandled.map(String), []);
  });
});
