// `banken run` end to end through a pty: beats, refuses a too-long interval, survives an unplug,
// runs the !WARN hook, and stops on SIGTERM without disarming (unless --disarm-on-exit).
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, cli, startCli } from "./support/cli.ts";
import { boardState, startBoard, unplugAll } from "./support/board-pty.ts";
import { waitFor } from "./support/wait.ts";

describe("banken run (through a pty)", function () {
  this.timeout(30000);
  before(assertBuilt);
  afterEach(unplugAll);

  it("refuses an interval that is not comfortably below the board's timeout unless --force", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "timeoutMs=2s", "warnMs=0", "--port", board.tty])).code, 0);
    const refused = await cli(["run", "--port", board.tty, "--interval", "1500ms", "--state-dir", board.dir]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /interval \(1s500ms\) is not comfortably below the board's timeout \(2s\)/);
    const forced = startCli(["run", "--port", board.tty, "--interval", "1500ms", "--force", "--state-dir", board.dir]);
    await waitFor(() => forced.stdout().includes("connected"), 10000, () => forced.stderr());
    forced.child.kill("SIGTERM");
    assert.equal((await forced.done).code, 0);
  });

  it("keeps the board armed, re-opens after an unplug, and on SIGTERM leaves it armed", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "timeoutMs=1500ms", "warnMs=0", "--port", board.tty])).code, 0);
    const service = startCli(["run", "--port", board.tty, "--state-dir", board.dir, "--lock-wait", "0"]);
    await waitFor(() => /connected: .*heartbeat every 500ms/.test(service.stdout()), 10000, () => service.stdout() + service.stderr());
    await board.unplug();
    await waitFor(() => /lost the board|went away|no device/.test(service.stderr()), 10000, () => service.stderr());
    const replugged = await startBoard({ dir: board.dir });
    await waitFor(() => service.stdout().split("connected:").length === 3, 15000, () => service.stdout() + service.stderr());
    service.child.kill("SIGTERM");
    const result = await service.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /stopping: the board keeps counting down/);
    // The interval is stated once, in the form --interval takes, not again on the reconnect or at the stop.
    assert.equal(result.stdout.match(/heartbeat every \S+|interval/g)?.join(" "), "heartbeat every 500ms", result.stdout);
    // The service beat the re-plugged board; it stays armed after the service stopped: not disarmed.
    assert.equal(await boardState(replugged), "armed");
    assert.doesNotMatch(replugged.stderr(), /relay pressed/);
  });

  it("--disarm-on-exit disarms on SIGTERM", async () => {
    const board = await startBoard();
    const service = startCli(["run", "--port", board.tty, "--state-dir", board.dir, "--disarm-on-exit"]);
    await waitFor(() => service.stdout().includes("connected"), 10000, () => service.stderr());
    service.child.kill("SIGTERM");
    const result = await service.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /board disarmed/);
    assert.equal(await boardState(board), "waiting");
  });

  it("does not beat while a check fails, logs it once, and runs the warn hook on !WARN", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "timeoutMs=3s", "warnMs=2s", "pulseMs=50ms", "--port", board.tty])).code, 0);
    assert.equal((await cli(["arm", "--port", board.tty])).code, 0);
    const hookFile = join(board.dir, "warned");
    const config = join(board.dir, "banken.toml");
    writeFileSync(
      config,
      `device = "${board.tty}"\ninterval = "1s"\ncheck-deadline = "500ms"\n` +
        `[warn-hook]\ncommand = ["touch", "${hookFile}"]\n[[checks]]\nkind = "command"\nname = "app"\ncommand = ["false"]\ntimeout = "500ms"\n`,
    );
    const service = startCli(["run", "--config", config, "--state-dir", board.dir]);
    await waitFor(() => existsSync(hookFile), 10000, () => service.stdout() + service.stderr());
    assert.match(service.stderr(), /board warns: it resets the host in \d+(ms|s) without a heartbeat/);
    assert.equal(service.stderr().match(/checks failed, not sending heartbeats: app:/g)?.length, 1);
    await waitFor(() => board.stderr().includes("relay pressed"), 10000, () => board.stderr());
    service.child.kill("SIGTERM");
    assert.equal((await service.done).code, 0);
  });
});
