// Who may reach the control socket (control/safety.ts): the checks both ends make before using it.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refusedLine } from "../src/control/protocol.ts";
import { directoryProblem, socketProblem } from "../src/control/safety.ts";

describe("control socket safety checks", () => {
  let dir = "";
  let server: Server | null = null;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-control-"))));
  afterEach(async () => {
    await new Promise<void>((done) => (server === null ? done() : server.close(() => done())));
    server = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const listen = (path: string): Promise<void> =>
    new Promise((done) => {
      server = createServer();
      server.listen(path, () => done());
    });

  it("accepts a private directory, refuses one others can write, a symlink and a file", () => {
    assert.equal(directoryProblem(dir), null);
    const open = join(dir, "open");
    mkdirSync(open);
    chmodSync(open, 0o775);
    assert.match(directoryProblem(open) ?? "", /writable by group or others \(chmod go-w/);
    chmodSync(open, 0o757);
    assert.match(directoryProblem(open) ?? "", /writable by group or others/);
    symlinkSync(dir, join(dir, "link"));
    assert.match(directoryProblem(join(dir, "link")) ?? "", /symbolic link/);
    writeFileSync(join(dir, "file"), "");
    assert.match(directoryProblem(join(dir, "file")) ?? "", /not a directory/);
    assert.throws(() => directoryProblem(join(dir, "missing")), { code: "ENOENT" });
  });

  it("accepts a socket of mode 600 only", async () => {
    const path = join(dir, "control.sock");
    await listen(path);
    chmodSync(path, 0o600);
    assert.equal(socketProblem(path), null);
    chmodSync(path, 0o660);
    assert.match(socketProblem(path) ?? "", /mode 660, not 600/);
    writeFileSync(join(dir, "plain"), "");
    assert.match(socketProblem(join(dir, "plain")) ?? "", /not a socket/);
  });

  it("passes on one printable line of the commands' verbs only", () => {
    for (const line of ["STATUS", "get timeoutMs", "SET timeoutMs=600000", "HOLD 7200000", "ARM", "DISARM", "TEST relay confirm=yes", "LOG 3"]) assert.equal(refusedLine(line), null, line);
    for (const line of ["BEAT seq=1", "CONSOLE 1234", "HELLO", "STATUS\nCONSOLE 1", "STATUS\r", "", "STATUS \u00e9", `GET ${"x".repeat(300)}`]) assert.notEqual(refusedLine(line), null, JSON.stringify(line));
  });
});
