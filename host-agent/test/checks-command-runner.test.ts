// runCommand, which the checks, the repair command and the warn hook share: exit codes, output
// kept to its tail, timeouts and aborts that kill the process group, and programs that cannot start.

import assert from "node:assert/strict";
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { describeEnd, OUTPUT_LIMIT_CHARS, runCommand } from "../src/checks/command-runner.ts";
import { goneWithin, makeScratch, readPid, type Scratch } from "./checks-fixtures.ts";

describe("runCommand", () => {
  let scratch: Scratch;
  beforeEach(async () => {
    scratch = await makeScratch();
  });
  afterEach(() => scratch.remove());

  it("reports the exit code and stdout and stderr together", async () => {
    const result = await runCommand(["sh", "-c", "echo out; echo err >&2; exit 4"], 5000);
    assert.equal(result.code, 4);
    assert.equal(result.timedOut, false);
    assert.deepEqual(result.output.split("\n").sort(), ["err", "out"]);
    assert.equal(describeEnd(result), "exited with code 4");
  });

  it("keeps only the tail of a long output", async () => {
    const result = await runCommand(["sh", "-c", "seq 1 10000; echo last"], 5000);
    assert.equal(result.code, 0);
    assert.ok(result.output.length <= OUTPUT_LIMIT_CHARS);
    assert.ok(result.output.endsWith("10000\nlast"));
  });

  it("kills the whole process group at the time limit", async () => {
    const pidFile = join(scratch.dir, "child.pid");
    const result = await runCommand(["sh", "-c", `sleep 1000 & echo $! > ${pidFile}; echo started; wait`], 300);
    assert.equal(result.timedOut, true);
    assert.equal(result.code, null);
    assert.equal(result.output, "started");
    assert.ok(result.ms >= 290 && result.ms < 2000, `took ${result.ms} ms`);
    assert.equal(describeEnd(result), "did not finish in time and was killed");
    assert.ok(await goneWithin(await readPid(pidFile), 2000));
  });

  it("an abort counts like a timeout", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await runCommand(["sleep", "1000"], 60000, { signal: controller.signal });
    assert.equal(result.timedOut, true);
    assert.ok(result.ms < 2000);
  });

  it("a program that does not exist, or may not run, is a start error", async () => {
    const missing = await runCommand([join(scratch.dir, "nope")], 5000);
    assert.deepEqual([missing.code, missing.startError, missing.timedOut], [null, "not found", false]);
    assert.equal(describeEnd(missing), "could not be started: not found");
    await scratch.fakeProgram("noexec", "exit 0");
    await chmod(join(scratch.dir, "bin", "noexec"), 0o644);
    const denied = await runCommand([join(scratch.dir, "bin", "noexec")], 5000);
    assert.equal(denied.startError, "permission denied");
  });

  it("does not wait for a background child that keeps the pipes open after the exit", async () => {
    const pidFile = join(scratch.dir, "daemon.pid");
    // Like a repair script that restarts a daemon which inherits stdout.
    const result = await runCommand(["sh", "-c", `setsid sleep 1000 & echo $! > ${pidFile}; echo restarted; exit 0`], 5000);
    const daemonPid = await readPid(pidFile);
    try {
      assert.deepEqual([result.code, result.timedOut, result.output], [0, false, "restarted"]);
      assert.ok(result.ms < 1000, `took ${result.ms} ms`);
    } finally {
      process.kill(daemonPid, "SIGKILL");
    }
  });
});
