// The command side of the control socket against a scripted service (a plain Unix socket server):
// a wrong or broken answer is an expected failure with its exit code, never a crash or a hang, and
// a service that passes sends the command to the port.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ControlClient, withServiceOrBoard } from "../src/control/client.ts";

/** A service that answers the hello with `hello` and every request line with `reply` (raw text). */
function scripted(path: string, hello: string, reply: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      let first = true;
      socket.on("data", () => {
        socket.write(`${first ? hello : reply}\n`);
        first = false;
      });
    });
    server.listen(path, () => {
      chmodSync(path, 0o600);
      resolve(server);
    });
  });
}

describe("control socket client", () => {
  let dir = "";
  let socket = "";
  let server: Server | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "banken-control-client-"));
    socket = join(dir, "control.sock");
  });
  afterEach(async () => {
    await new Promise<void>((done) => (server === null ? done() : server.close(() => done())));
    server = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const session = async (hello: string, reply: string): Promise<ControlClient> => {
    server = await scripted(socket, hello, reply);
    const client = await ControlClient.open(socket, "/dev/banken", 500);
    assert.ok(client instanceof ControlClient, JSON.stringify(client));
    return client;
  };

  it("turns the service's reply into the board's OK reply", async () => {
    const client = await session('{"serving":"/dev/banken"}', '{"reply":"OK HOLD hold=60000 state=holding"}');
    const reply = await client.request("HOLD 60000");
    assert.deepEqual([reply.verb, reply.fields.state], ["HOLD", "holding"]);
    client.close();
  });

  it("turns the service's error into the AgentError the port would give (same message, same exit code)", async () => {
    const refused = await session('{"serving":"/dev/banken"}', '{"error":{"kind":"refused","message":"the board refused DISARM: locked"}}');
    await assert.rejects(refused.request("DISARM"), { name: "AgentError", kind: "refused", message: "the board refused DISARM: locked" });
    refused.close();
  });

  for (const [what, reply] of [
    ["an ERR passed as a reply", '{"reply":"ERR locked"}'],
    ["an unknown error kind", '{"error":{"kind":"boom","message":"x"}}'],
    ["a line that is not JSON", "OK STATUS"],
  ]) {
    it(`reports ${what} as a protocol failure (exit 7)`, async () => {
      const client = await session('{"serving":"/dev/banken"}', reply);
      await assert.rejects(client.request("STATUS"), (error: Error & { kind?: string; exitCode?: number }) => error.kind === "protocol" && error.exitCode === 7);
      client.close();
    });
  }

  it("gives up on a silent service after the wait and says why (the command then tries the port)", async () => {
    server = createServer((peer) => void peer.resume()); // reads, never answers
    await new Promise<void>((done) => server?.listen(socket, () => done()));
    chmodSync(socket, 0o600);
    const opened = await ControlClient.open(socket, "/dev/banken", 200);
    assert.ok(!(opened instanceof ControlClient));
    assert.match(opened.why, /no answer from the service at .* within 200 ms/);
  });

  it("goes to the port when the service passes (here: no board there, exit 4)", async () => {
    server = await scripted(socket, '{"pass":"offline"}', "");
    const missing = join(dir, "no-board");
    await assert.rejects(
      withServiceOrBoard(socket, missing, {}, 500, async () => "never"),
      (error: Error & { kind?: string }) => error.kind === "device-missing" && error.message.includes(missing),
    );
  });
});
