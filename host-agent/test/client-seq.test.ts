// The Node client matches a BEAT's reply by the seq it echoes (issue 12): a late `OK BEAT` to an
// earlier request must not be taken as the answer to this one. The port is a stand-in that answers
// each written line with the lines the test gives.
import assert from "node:assert/strict";
import { BoardClient } from "../src/protocol/client.ts";
import type { BoardPort } from "../src/serial/port.ts";

function scriptedPort(answers: (line: string) => string[]): BoardPort {
  let sink: { line(text: string): void } | null = null;
  const port = {
    path: "/dev/fake",
    start: (s: { line(text: string): void }) => void (sink = s),
    writeLine: async (line: string) => void queueMicrotask(() => answers(line).forEach((reply) => sink?.line(reply))),
    close: async () => undefined,
  };
  return port as unknown as BoardPort;
}

describe("BoardClient: replies matched by seq", () => {
  it("skips an OK BEAT that echoes another seq and takes the one with ours", async () => {
    const client = new BoardClient(scriptedPort(() => ["OK BEAT left=5 state=armed seq=6", "OK BEAT left=600000 state=armed seq=7"]), { replyTimeoutMs: 1000 });
    const reply = await client.request("BEAT seq=7 boot=abc");
    assert.equal(reply.fields.seq, "7");
    assert.equal(reply.fields.left, "600000");
  });

  it("a stale reply alone is no answer", async () => {
    const client = new BoardClient(scriptedPort(() => ["OK BEAT left=5 state=armed seq=6"]), { replyTimeoutMs: 100 });
    await assert.rejects(client.request("BEAT seq=7"), { name: "AgentError", message: /no answer from \/dev\/fake within 100 ms/ });
  });

  it("accepts a reply without seq, and a request without seq takes any OK BEAT", async () => {
    const plain = new BoardClient(scriptedPort(() => ["OK BEAT left=9 state=armed"]), { replyTimeoutMs: 1000 });
    assert.equal((await plain.request("BEAT seq=3")).fields.left, "9");
    const old = new BoardClient(scriptedPort(() => ["OK BEAT left=8 state=armed seq=41"]), { replyTimeoutMs: 1000 });
    assert.equal((await old.request("BEAT")).fields.left, "8");
  });
});
