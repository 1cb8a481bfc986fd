// Issue 12's fault matrix, the agent's rows: a check that forks, and the agent killed (SIGKILL) in
// the middle of a beat. The real CLI against the simulated board on a pty, in real time. Each row
// expects the same two things: no action against a healthy host, and a real hang still caught.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, cli, startCli } from "./support/cli.ts";
import { startBoard, unplugAll, type BoardPty } from "./support/board-pty.ts";
import { goneWithin } from "./checks-fixtures.ts";
import { waitFor } from "./support/wait.ts";

const TIMEOUT_MS = 3000;

async function configureBoard(board: BoardPty): Promise<void> {
  const result = await cli(["config", "set", `timeoutMs=${TIMEOUT_MS}ms`, "warnMs=0", "pulseMs=200ms", "--port", board.tty]);
  assert.equal(result.code, 0, result.stderr);
}

/** A hang is caught: the board presses reset within its timeout (plus start-up slack) of the last beat. */
async function assertHangCaught(board: BoardPty): Promise<void> {
  await waitFor(() => board.stderr().includes("relay pressed"), TIMEOUT_MS + 5000, () => `no reset after the agent stopped: ${board.stderr()}`);
}

describe("fault matrix: the agent's rows (through a pty)", function () {
  this.timeout(60000);
  before(assertBuilt);
  afterEach(unplugAll);

  it("a check that forks: nothing it starts outlives it, no action while healthy, a frozen agent still reset", async () => {
    const board = await startBoard();
    await configureBoard(board);
    const pids = join(board.dir, "pids");
    const config = join(board.dir, "banken.toml");
    writeFileSync(config, `device = "${board.tty}"\ninterval = "1s"\ncheck-deadline = "500ms"\n` +
      `[[checks]]\nkind = "command"\nname = "forks"\ncommand = ["sh", "-c", "sleep 300 & echo $! >> ${pids}; exit 0"]\ntimeout = "500ms"\n`);
    const service = startCli(["run", "--config", config, "--state-dir", join(board.dir, "state")]);
    const rounds = (): number => (existsSync(pids) ? readFileSync(pids, "utf8").trim().split("\n").length : 0);
    await waitFor(() => service.stdout().includes("connected") && rounds() >= 6, 20000, () => service.stdout() + service.stderr());
    const forked = readFileSync(pids, "utf8").trim().split("\n").map(Number);
    for (const pid of forked) assert.ok(await goneWithin(pid, 2000), `sleep ${pid}, forked by a passing check, lives on`);
    assert.doesNotMatch(board.stderr(), /relay pressed/, "a reset while every check passed");
    service.child.kill("SIGSTOP"); // the host hangs
    try {
      await assertHangCaught(board);
    } finally {
      service.child.kill("SIGKILL");
      await service.done;
    }
  });

  it("SIGKILL mid-beat at 10 points: the next beat works, no action while beating, a stop is still caught", async () => {
    const board = await startBoard();
    await configureBoard(board);
    const stateDir = join(board.dir, "state");
    const beat = ["beat", "--port", board.tty, "--state-dir", stateDir];
    assert.equal((await cli(beat)).code, 0);
    const outcomes: string[] = [];
    for (let point = 0; point < 10; point++) {
      // Node starts in ~150-300 ms here, so the points span before the open, the open, and the request.
      const victim = startCli(beat);
      await new Promise((resolve) => setTimeout(resolve, 100 + point * 40));
      victim.child.kill("SIGKILL");
      await victim.done;
      const next = await cli(beat);
      outcomes.push(`${100 + point * 40} ms: ${next.code}${next.stderr === "" ? "" : ` ${next.stderr.trim()}`}`);
    }
    assert.deepEqual(outcomes.filter((o) => !/: 0$/.test(o)), [], outcomes.join("\n"));
    // How many victims got as far as claiming a sequence number (11 beats completed besides).
    const claimed = Number(/^seq\.(\d+)$/.exec(readdirSync(stateDir)[0])?.[1]) - 11;
    console.log(`      (${claimed} of 10 killed beats had claimed their number)`);
    assert.doesNotMatch(board.stderr(), /relay pressed/, "a reset while the host beat");
    await assertHangCaught(board); // no more beats: the board must act
  });
});
