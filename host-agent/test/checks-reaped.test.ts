// Issue 12's check leaks: a check that forks must leave nothing behind, pass or fail; no more than
// `max-parallel` checks run at once; and what a check prints reaches stderr, the journal and cron
// mail without raw control characters.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCommand } from "../src/checks/command-runner.ts";
import { escapeControls, runChecks } from "../src/checks/runner.ts";
import type { CheckSpec } from "../src/checks/types.ts";
import { parseAgentConfig } from "../src/config/index.ts";
import { goneWithin, makeScratch, readPid, type Scratch } from "./checks-fixtures.ts";

describe("checks reaped", () => {
  let scratch: Scratch;
  const leftovers: number[] = [];
  beforeEach(async () => {
    scratch = await makeScratch();
  });
  afterEach(async () => {
    for (const pid of leftovers.splice(0)) {
      try { process.kill(pid, "SIGKILL"); } catch { /* gone, as it should be */ }
    }
    await scratch.remove();
  });

  for (const [verdict, exit] of [["passes", 0], ["fails", 3]] as const) {
    it(`kills what a check left running in its process group when it ${verdict} (the repro: (sleep 300)& exit ${exit})`, async () => {
      const pidFile = join(scratch.dir, "sleep.pid");
      const result = await runCommand(["sh", "-c", `(sleep 300 & echo $! > ${pidFile}; wait) & exit ${exit}`], 5000);
      assert.equal(result.code, exit);
      assert.equal(result.timedOut, false);
      const sleeper = await readPid(pidFile);
      leftovers.push(sleeper);
      assert.ok(await goneWithin(sleeper, 2000), `sleep ${sleeper} lives on after the check ${verdict}`);
    });
  }

  it("runs at most max-parallel checks at once, and that many do run together", async () => {
    const count = 12;
    const maxParallel = 3;
    // Each check counts the checks running while it runs: marker files present beside its own.
    const checks: CheckSpec[] = Array.from({ length: count }, (_, index) => ({
      kind: "command", name: `c${index}`, timeoutMs: 5000,
      argv: ["sh", "-c", `d=${scratch.dir}; touch $d/run-${index}; sleep 0.2; ls $d | grep -c '^run-' > $d/seen-${index}; rm $d/run-${index}`],
    }));
    const results = await runChecks(checks, { deadlineMs: 10000, maxParallel });
    assert.deepEqual(results.map((r) => [r.name, r.status]), checks.map((c) => [c.name, "ok"]));
    const { readFile } = await import("node:fs/promises");
    const seen = await Promise.all(checks.map(async (_, index) => Number(await readFile(join(scratch.dir, `seen-${index}`), "utf8"))));
    assert.ok(Math.max(...seen) <= maxParallel, `seen at once: ${seen.join(" ")}`);
    assert.equal(Math.max(...seen), maxParallel, `never ${maxParallel} at once: ${seen.join(" ")}`);
  });

  it("a queued check gets what is left of the run's deadline, not a fresh one", async () => {
    const hang = (name: string): CheckSpec => ({ kind: "command", name, timeoutMs: 1000, argv: ["sleep", "30"] });
    const startMs = performance.now();
    const results = await runChecks([hang("first"), hang("queued")], { deadlineMs: 1500, maxParallel: 1 });
    const wallMs = performance.now() - startMs;
    assert.deepEqual(results.map((r) => r.status), ["timeout", "timeout"]);
    assert.match(results[1].detail, /the run's deadline \(1\.5 ?s\)/);
    assert.ok(wallMs < 2500, `the run took ${Math.round(wallMs)} ms, past its 1.5 s deadline`);
  });

  it("max-parallel is a config key, default 8, 1 to 1000", () => {
    assert.equal(parseAgentConfig("", "t.toml").maxParallel, 8);
    assert.equal(parseAgentConfig("max-parallel = 2\n", "t.toml").maxParallel, 2);
    assert.throws(() => parseAgentConfig("max-parallel = 0\n", "t.toml"), { message: "t.toml:1: max-parallel: expected an integer from 1 to 1000" });
  });

  it("escapes control characters in what a failing check printed", async () => {
    const check: CheckSpec = { kind: "command", name: "noisy", timeoutMs: 5000, argv: ["sh", "-c", String.raw`printf 'bad \033[2J\033]0;owned\007 déjà\r\n'; exit 1`] };
    const [result] = await runChecks([check], { deadlineMs: 5000 });
    assert.equal(result.status, "fail");
    assert.equal(result.detail, String.raw`sh exited with code 1: bad \x1b[2J\x1b]0;owned\x07 déjà`);
    assert.equal(escapeControls("a\tb\x9bc\x7f"), String.raw`a\x09b\x9bc\x7f`);
  });
});
