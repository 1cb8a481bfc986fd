// The [repair] command end to end (built CLI, pty, simulated board): it runs when the checks fail, in
// `banken beat` and in `banken run`, the heartbeat is still withheld that round, and a repair that
// works shows up as passing checks (and a heartbeat) on the next beat or round.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, cli, startCli } from "./support/cli.ts";
import { boardState, startBoard, unplugAll, type BoardPty } from "./support/board-pty.ts";
import { waitFor } from "./support/wait.ts";

/** Lines the repair script appended to the marker file (one per run); [] when it never ran. */
function repairRuns(marker: string): string[] {
  return existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter((line) => line !== "") : [];
}

/**
 * A config whose one check passes only once the file `ready` exists, and whose repair appends a line
 * to `marker`, creates `ready` when `fixes`, and exits with `exitCode`.
 */
function repairConfig(board: BoardPty, fixes: boolean, exitCode = 0, extra = ""): { config: string; marker: string; ready: string } {
  const marker = join(board.dir, "repair-ran");
  const ready = join(board.dir, "ready");
  const script = `echo repaired >> '${marker}'${fixes ? `; touch '${ready}'` : ""}; exit ${exitCode}`;
  const config = join(board.dir, "banken.toml");
  writeFileSync(
    config,
    `device = "${board.tty}"\n${extra}` +
      `[repair]\ncommand = ["sh", "-c", ${JSON.stringify(script)}]\ntimeout = "5s"\n` +
      `[[checks]]\nkind = "command"\nname = "app"\ncommand = ["test", "-e", "${ready}"]\ntimeout = "500ms"\n`,
  );
  return { config, marker, ready };
}

describe("the repair command (through a pty)", function () {
  this.timeout(30000);
  before(assertBuilt);
  afterEach(unplugAll);

  it("beat: runs it when the checks fail, still withholds the heartbeat, and the next beat passes", async () => {
    const board = await startBoard();
    const { config, marker } = repairConfig(board, true);
    const failed = await cli(["beat", "--config", config, "--state-dir", board.dir]);
    assert.equal(failed.code, 3, failed.stderr);
    assert.match(failed.stderr, /^banken beat: checks failed, no heartbeat sent: app: .+; repair sh: exited with code 0\n$/);
    assert.deepEqual(repairRuns(marker), ["repaired"]);
    assert.equal(await boardState(board), "waiting");

    const repaired = await cli(["beat", "--config", config, "--state-dir", board.dir]);
    assert.deepEqual(repaired, { code: 0, stdout: "", stderr: "" });
    assert.deepEqual(repairRuns(marker), ["repaired"], "the repair runs only when the checks fail");
    assert.equal(await boardState(board), "armed");
  });

  it("beat: a repair that fails is reported on the same line, and exit stays 3", async () => {
    const board = await startBoard();
    const { config, marker } = repairConfig(board, false, 7);
    for (const runs of [1, 2]) {
      const result = await cli(["beat", "--config", config, "--state-dir", board.dir]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /; repair sh: exited with code 7\n$/);
      assert.equal(repairRuns(marker).length, runs);
    }
    assert.equal(await boardState(board), "waiting");
  });

  it("run: runs it in a failing round (logged), and beats from the round after the repair worked", async () => {
    const board = await startBoard();
    const { config, marker, ready } = repairConfig(board, true, 0, `interval = "1s"\ncheck-deadline = "500ms"\n`);
    const service = startCli(["run", "--config", config, "--state-dir", board.dir]);
    await waitFor(() => service.stdout().includes("checks pass again"), 15000, () => service.stdout() + service.stderr());
    service.child.kill("SIGTERM");
    const result = await service.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /checks failed, not sending heartbeats: app: .+\n(.*\n)*.*repair sh: exited with code 0/);
    assert.ok(existsSync(ready));
    assert.deepEqual(repairRuns(marker), ["repaired"], "one failing round, one repair");
    assert.equal(await boardState(board), "armed");
  });
});
