// --metrics-file end to end: `banken beat` and `banken run` (the built CLI through a pty to the
// simulated board) write a textfile that a strict exposition parser accepts, with the board's state,
// time left, timeout, action counts, last heartbeat and check results; a failed run still writes one.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, cli, startCli } from "./support/cli.ts";
import { startBoard, unplugAll } from "./support/board-pty.ts";
import { parseExposition, value } from "./support/exposition.ts";
import { waitFor } from "./support/wait.ts";

function metrics(file: string) {
  return parseExposition(readFileSync(file, "utf8")).samples;
}

describe("--metrics-file (through a pty)", function () {
  this.timeout(30000);
  before(assertBuilt);
  afterEach(unplugAll);

  it("beat writes state, time left, timeout, actions, last heartbeat and checks; a failed beat carries the heartbeat over", async () => {
    const board = await startBoard();
    const file = join(board.dir, "banken.prom");
    const config = join(board.dir, "banken.toml");
    writeFileSync(config, `device = "${board.tty}"\nmetrics-file = "${file}"\n[[checks]]\nkind = "command"\nname = "app"\ncommand = ["true"]\n`);
    const beforeS = Date.now() / 1000;
    const beat = await cli(["beat", "--state-dir", board.dir], { BANKEN_CONFIG: config });
    assert.deepEqual(beat, { code: 0, stdout: "", stderr: "" });
    const first = metrics(file);
    assert.equal(value(first, "banken_up"), 1);
    assert.equal(value(first, "banken_state", { state: "armed" }), 1);
    assert.equal(value(first, "banken_state", { state: "waiting" }), 0);
    assert.equal(value(first, "banken_timeout_seconds"), 600);
    assert.ok((value(first, "banken_time_left_seconds") ?? 0) > 590);
    assert.equal(value(first, "banken_actions_total", { kind: "reset" }), 0);
    assert.equal(value(first, "banken_check_status", { check: "app", kind: "command" }), 1);
    const beatAtS = value(first, "banken_last_heartbeat_timestamp_seconds") ?? 0;
    assert.ok(beatAtS >= Math.floor(beforeS) && beatAtS <= Date.now() / 1000, String(beatAtS));
    assert.deepEqual(first.filter((sample) => sample.name === "banken_board_info").map((sample) => sample.value), [1]);

    // Checks fail: no beat, but the board is asked (read-only) and the last heartbeat carried over.
    writeFileSync(config, `device = "${board.tty}"\nmetrics-file = "${file}"\n[[checks]]\nkind = "command"\nname = "app"\ncommand = ["false"]\n`);
    const failed = await cli(["beat", "--state-dir", board.dir], { BANKEN_CONFIG: config });
    assert.equal(failed.code, 3, failed.stderr);
    const second = metrics(file);
    assert.equal(value(second, "banken_up"), 1);
    assert.equal(value(second, "banken_check_status", { check: "app", kind: "command" }), 0);
    assert.equal(value(second, "banken_last_heartbeat_timestamp_seconds"), beatAtS);
    assert.equal(value(second, "banken_state", { state: "armed" }), 1);

    // The board is gone: up 0, no state, heartbeat time still carried over; exit code unchanged (4).
    await board.unplug();
    const gone = await cli(["beat", "--port", board.tty, "--metrics-file", file, "--state-dir", board.dir]);
    assert.equal(gone.code, 4, gone.stderr);
    const third = metrics(file);
    assert.equal(value(third, "banken_up"), 0);
    assert.equal(third.filter((sample) => sample.name === "banken_state").length, 0);
    assert.equal(value(third, "banken_last_heartbeat_timestamp_seconds"), beatAtS);
  });

  it("the line `banken install cron --metrics-file` prints runs as it is", async () => {
    const board = await startBoard();
    const file = join(board.dir, "cron.prom");
    const printed = await cli(["install", "cron", "--port", board.tty, "--banken", "/usr/bin/banken", "--metrics-file", file]);
    assert.equal(printed.code, 0, printed.stderr);
    const line = printed.stdout.split("\n").find((text) => text.startsWith("* * * * * "));
    assert.ok(line !== undefined, printed.stdout);
    const args = line.slice(line.indexOf(" beat ") + 1).split(" ");
    const result = await cli([...args, "--state-dir", board.dir]);
    assert.deepEqual(result, { code: 0, stdout: "", stderr: "" });
    assert.equal(value(metrics(file), "banken_up"), 1);
  });

  it("a metrics file that cannot be written costs one line, not the heartbeat", async () => {
    const board = await startBoard();
    const notADirectory = join(board.dir, "flat");
    writeFileSync(notADirectory, "");
    const result = await cli(["beat", "--port", board.tty, "--metrics-file", join(notADirectory, "x.prom"), "--state-dir", board.dir]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^banken beat: cannot write the metrics file .*x\.prom \(E[A-Z]+\)\n$/);
  });

  it("run rewrites the file after every round", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "timeoutMs=1500ms", "warnMs=0", "--port", board.tty])).code, 0);
    const file = join(board.dir, "run.prom");
    const service = startCli(["run", "--port", board.tty, "--state-dir", board.dir, "--metrics-file", file]);
    const stamps = new Set<number>();
    await waitFor(() => {
      try {
        const samples = metrics(file);
        if (value(samples, "banken_state", { state: "armed" }) === 1) stamps.add(value(samples, "banken_last_heartbeat_timestamp_seconds") ?? 0);
      } catch {
        // not written yet, or between two writes (the rename is atomic, so this is only "not yet")
      }
      return stamps.size >= 2;
    }, 10000, () => service.stdout() + service.stderr());
    const samples = metrics(file);
    assert.equal(value(samples, "banken_up"), 1);
    assert.equal(value(samples, "banken_timeout_seconds"), 1.5);
    assert.equal(value(samples, "banken_actions_total", { kind: "power" }), 0);
    service.child.kill("SIGTERM");
    assert.equal((await service.done).code, 0);
  });
});
