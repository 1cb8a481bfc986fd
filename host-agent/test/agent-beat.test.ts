// `banken beat` end to end: the built CLI, the real serialport binding, a real pty, and on the other
// side the simulated board running the built firmware (or a device that is not a banken board). Every exit code.
import assert from "node:assert/strict";
import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, cli, startCli } from "./support/cli.ts";
import { boardState, startBoard, unplugAll } from "./support/board-pty.ts";
import { waitFor } from "./support/wait.ts";

describe("banken beat (through a pty)", function () {
  this.timeout(30000);
  before(assertBuilt);
  afterEach(unplugAll);

  it("sends one heartbeat silently, arms the board and counts the sequence number up", async () => {
    const board = await startBoard();
    const stateDir = join(board.dir, "state");
    assert.equal(await boardState(board), "waiting");
    for (const expectedSeq of ["1", "2"]) {
      const result = await cli(["beat", "--port", board.tty, "--state-dir", stateDir]);
      assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
      assert.deepEqual(readdirSync(stateDir), [`seq.${expectedSeq}`]); // the claim of the number sent; older ones removed
    }
    assert.equal(await boardState(board), "armed");
  });

  it("exit 3 and no heartbeat when a health check fails", async () => {
    const board = await startBoard();
    const config = join(board.dir, "banken.toml");
    writeFileSync(config, `device = "${board.tty}"\n[[checks]]\nkind = "command"\nname = "app"\ncommand = ["false"]\n`);
    const result = await cli(["beat", "--config", config, "--state-dir", board.dir]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^banken beat: checks failed, no heartbeat sent: app: .+\n$/);
    assert.equal(await boardState(board), "waiting");
  });

  it("beats when the configured checks pass (device from the config file)", async () => {
    const board = await startBoard();
    const config = join(board.dir, "banken.toml");
    writeFileSync(config, `device = "${board.tty}"\n[[checks]]\nkind = "command"\ncommand = ["true"]\n`);
    const result = await cli(["beat", "--state-dir", board.dir], { BANKEN_CONFIG: config });
    assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
    assert.equal(await boardState(board), "armed");
  });

  it("exit 2 with file:line for a bad config file, and for bad arguments", async () => {
    const dir = (await startBoard()).dir;
    const config = join(dir, "bad.toml");
    writeFileSync(config, `device = "/dev/null"\ninterval = "often"\n`);
    const bad = await cli(["beat", "--config", config]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.toml:2: .*interval/);
    const flag = await cli(["beat", "--no-such-flag"]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^banken beat: .*--no-such-flag.*\n$/);
    assert.equal((await cli(["frobnicate"])).code, 2);
  });

  it("exit 4 when the device does not exist", async () => {
    const result = await cli(["beat", "--port", "/dev/banken-test-missing", "--state-dir", "/tmp/banken-test-state"]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /^banken beat: no device at \/dev\/banken-test-missing: is the board plugged in\?.*\n$/);
  });

  it("exit 6 with the dialout fix when the user may not open the device", async function () {
    const board = await startBoard();
    chmodSync(board.tty, 0o600); // the pty itself (the link is followed)
    const asNobody = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const result = await cli(["beat", "--port", board.tty, "--state-dir", join("/tmp", `banken-nobody-${process.pid}`)], {}, asNobody);
    assert.equal(result.code, 6, result.stderr);
    assert.match(result.stderr, /permission denied on .*dialout/);
  });

  it("exit 5 when another process holds the port past --lock-wait; two agents at once both get through", async () => {
    const board = await startBoard();
    const holder = startCli(["run", "--port", board.tty, "--interval", "1m", "--state-dir", board.dir]);
    await waitFor(() => holder.stdout().includes("connected"), 10000, () => holder.stdout() + holder.stderr());
    const busy = await cli(["beat", "--port", board.tty, "--lock-wait", "300ms", "--state-dir", board.dir]);
    assert.equal(busy.code, 5);
    assert.match(busy.stderr, /is in use by another program/);
    holder.child.kill("SIGTERM");
    assert.equal((await holder.done).code, 0);

    const both = await Promise.all([0, 1].map(() => cli(["beat", "--port", board.tty, "--state-dir", board.dir])));
    assert.deepEqual(both.map((result) => result.code), [0, 0], both.map((result) => result.stderr).join(""));
  });

  for (const [mode, message] of [
    ["chatty", /is not a banken board: it answered "\$GPGGA/],
    ["echo", /is not a banken board: it answered "BEAT seq=/],
    ["garbage", /is not a banken board: it answered "\\xff\\x00/],
    ["silent", /no answer from .* within 300 ms/],
  ] as const) {
    it(`exit 7 for a device that is not a banken board: ${mode}`, async () => {
      const board = await startBoard({ fixture: "wrong-device", args: [mode] });
      const result = await cli(["beat", "--port", board.tty, "--reply-timeout", "300ms", "--state-dir", board.dir]);
      assert.equal(result.code, 7);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.split("\n").length, 2, "one line");
    });
  }

  it("exit 7 when the board is unplugged mid-beat, well before the reply deadline", async () => {
    const board = await startBoard({ fixture: "wrong-device", args: ["silent"] });
    const beat = startCli(["beat", "--port", board.tty, "--reply-timeout", "20s", "--state-dir", board.dir]);
    await waitFor(() => board.stderr().includes("got BEAT"), 10000, () => board.stderr());
    await board.unplug();
    const result = await beat.done;
    assert.equal(result.code, 7);
    assert.match(result.stderr, /went away/);
  });

  it("exit 8 when the board refuses (DISARM while locked=1)", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "locked=1", "--yes", "--port", board.tty])).code, 0);
    const result = await cli(["disarm", "--port", board.tty]);
    assert.equal(result.code, 8);
    assert.match(result.stderr, /^banken disarm: the board refused DISARM: locked .*\n$/);
  });
});
