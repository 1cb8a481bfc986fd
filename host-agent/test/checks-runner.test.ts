// The runner's promises: checks run at the same time; a check that hangs is killed at its own time
// limit (its whole process group) and reported "timeout" while the others report normally; the
// run ends by its deadline; a cancelled run ends at once; and a hung child never keeps the agent
// from exiting. Real processes and real time, so the time assertions are generous bounds; the
// ordering assertions carry the meaning.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { getEventListeners } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { allPassed, runChecks, summarizeFailures } from "../src/checks/runner.ts";
import type { CheckResult, CheckSpec } from "../src/checks/types.ts";
import { goneWithin, isAlive, makeScratch, readPid, type Scratch } from "./checks-fixtures.ts";

const ok = (name: string): CheckSpec => ({ kind: "command", name, timeoutMs: 3000, argv: ["true"] });

describe("runChecks", () => {
  let scratch: Scratch;
  const leftovers: number[] = [];
  beforeEach(async () => {
    scratch = await makeScratch();
  });
  afterEach(async () => {
    for (const pid of leftovers.splice(0)) {
      try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ }
    }
    await scratch.remove();
  });

  it("runs checks at the same time: every check starts before any finishes", async () => {
    const count = 6;
    const checks: CheckSpec[] = Array.from({ length: count }, (_, index) => ({
      kind: "command", name: `c${index}`, timeoutMs: 5000,
      argv: ["sh", "-c", `touch ${scratch.dir}/start-${index}; sleep 0.3; ls ${scratch.dir} | grep -c start- > ${scratch.dir}/seen-${index}`],
    }));
    const startMs = performance.now();
    const results = await runChecks(checks, { deadlineMs: 10000 });
    const wallMs = performance.now() - startMs;
    assert.deepEqual(results.map((result) => result.status), Array(count).fill("ok"));
    // Each check, when it finished, saw that all of them had started.
    for (let index = 0; index < count; index++) {
      assert.equal((await readFile(join(scratch.dir, `seen-${index}`), "utf8")).trim(), String(count));
    }
    assert.ok(wallMs < count * 300, `${count} checks of 300 ms took ${Math.round(wallMs)} ms: not concurrent`);
  });

  it("kills a hanging command at its time limit; the others still report", async () => {
    const pidFile = join(scratch.dir, "sleep.pid");
    const checks: CheckSpec[] = [
      { kind: "command", name: "hangs", timeoutMs: 300, argv: ["sh", "-c", `sleep 1000 & echo $! > ${pidFile}; wait`] },
      ok("quick"),
      { kind: "command", name: "fails", timeoutMs: 3000, argv: ["false"] },
    ];
    const startMs = performance.now();
    const results = await runChecks(checks, { deadlineMs: 5000 });
    const wallMs = performance.now() - startMs;
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    assert.equal(byName.hangs.status, "timeout");
    assert.equal(byName.hangs.detail, "no answer within its time limit (300 ms); stopped");
    assert.ok(byName.hangs.ms >= 290, `reported after ${byName.hangs.ms} ms, before its limit`);
    assert.equal(byName.quick.status, "ok");
    assert.ok(byName.quick.ms < byName.hangs.ms, "the quick check waited for the hanging one");
    assert.equal(byName.fails.status, "fail");
    assert.ok(wallMs < 2000, `run took ${Math.round(wallMs)} ms`);
    // The shell's child (same process group) was killed too, not left sleeping.
    const sleepPid = await readPid(pidFile);
    leftovers.push(sleepPid);
    assert.ok(await goneWithin(sleepPid, 2000), `sleep ${sleepPid} survived its check's timeout`);
  });

  it("a file check whose stat never answers (a hung NFS mount) is a timeout, not a hang", async () => {
    const pidFile = join(scratch.dir, "stat.pid");
    await scratch.fakeProgram("stat", `echo $$ > ${pidFile}\nexec sleep 1000`);
    const checks: CheckSpec[] = [
      { kind: "file", name: "nfs-file", timeoutMs: 300, path: "/mnt/nfs/heartbeat", maxAgeMs: 60000 },
      { kind: "disk", name: "nfs-disk", timeoutMs: 400, path: "/mnt/nfs", minFreeBytes: 1 },
      ok("quick"),
    ];
    const results = await runChecks(checks, { deadlineMs: 5000, env: scratch.env });
    assert.deepEqual(results.map((result) => [result.name, result.status]), [["nfs-file", "timeout"], ["nfs-disk", "timeout"], ["quick", "ok"]]);
    const statPid = await readPid(pidFile);
    leftovers.push(statPid);
    assert.ok(await goneWithin(statPid, 2000), "the hung stat was not killed");
  });

  it("the run's deadline bounds checks with longer time limits", async () => {
    const checks: CheckSpec[] = [
      { kind: "command", name: "slow", timeoutMs: 60000, argv: ["sleep", "1000"] },
      ok("quick"),
    ];
    const startMs = performance.now();
    const results = await runChecks(checks, { deadlineMs: 400 });
    const wallMs = performance.now() - startMs;
    assert.deepEqual(results.map((result) => result.status), ["timeout", "ok"]);
    assert.equal(results[0].detail, "no answer within the run's deadline (400 ms); stopped");
    assert.ok(wallMs >= 390 && wallMs < 1500, `run took ${Math.round(wallMs)} ms with a 400 ms deadline`);
  });

  it("a cancelled run ends at once, its running checks reported unknown", async () => {
    const controller = new AbortController();
    const run = runChecks([{ kind: "command", name: "slow", timeoutMs: 60000, argv: ["sleep", "1000"] }], { deadlineMs: 60000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const results = await run;
    assert.deepEqual([results[0].status, results[0].detail], ["unknown", "cancelled before it finished"]);
    assert.ok(results[0].ms < 1000);
  });

  it("50 checks put one abort listener on the caller's signal, and none after the run", async () => {
    // One listener per check made `banken beat` with 50 checks print MaxListenersExceededWarning.
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on("warning", onWarning);
    const checks = Array.from({ length: 50 }, (_, index) => ok(`c${index}`));
    const running = runChecks(checks, { deadlineMs: 10000, signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, "abort").length, 1);
    const results = await running;
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    process.off("warning", onWarning);
    assert.equal(results.filter((result) => result.status === "ok").length, 50);
    assert.equal(getEventListeners(controller.signal, "abort").length, 0);
    assert.deepEqual(warnings, []);
  });

  it("an already-aborted signal runs nothing to completion", async () => {
    const results = await runChecks([{ kind: "command", name: "slow", timeoutMs: 60000, argv: ["sleep", "1000"] }], { deadlineMs: 60000, signal: AbortSignal.abort() });
    assert.equal(results[0].status, "unknown");
  });

  it("a hung child that escaped the kill does not keep the agent from exiting", async function () {
    this.timeout(20000);
    // The fake stat starts a process in a new session (out of reach of the group kill, like a
    // process stuck in the kernel) that holds the stat's stdout pipe open.
    const pidFile = join(scratch.dir, "escaped.pid");
    await scratch.fakeProgram("stat", `setsid sleep 1000 & echo $! > ${pidFile}\nwait`);
    const script = [
      `import { runChecks } from ${JSON.stringify(new URL("../src/checks/runner.ts", import.meta.url).pathname)};`,
      `runChecks([{ kind: "file", name: "nfs", timeoutMs: 300, path: "/mnt/nfs/x", maxAgeMs: 1000 }], { deadlineMs: 1000, env: { ...process.env, PATH: ${JSON.stringify(scratch.env.PATH)} } })`,
      `  .then((results) => { process.stdout.write(results[0].status); });`,
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    const exitCode = await new Promise<number | null>((resolve) => {
      const guard = setTimeout(() => { child.kill("SIGKILL"); resolve(null); }, 10000);
      child.on("exit", (code) => { clearTimeout(guard); resolve(code); });
    });
    const escapedPid = await readPid(pidFile);
    leftovers.push(escapedPid);
    assert.equal(exitCode, 0, "the agent did not exit by itself within 10 s");
    assert.equal(output, "timeout");
    assert.ok(await isAlive(escapedPid), "the escaped child should still be running (else this test proves nothing)");
  });

  it("allPassed needs every check ok; summarizeFailures names the others", () => {
    const result = (name: string, status: CheckResult["status"], detail: string): CheckResult => ({ name, kind: "command", status, detail, ms: 1 });
    assert.equal(allPassed([]), true);
    assert.equal(allPassed([result("a", "ok", "fine")]), true);
    for (const status of ["fail", "unknown", "timeout"] as const) assert.equal(allPassed([result("a", "ok", "fine"), result("b", status, "x")]), false);
    assert.equal(summarizeFailures([result("a", "ok", "fine"), result("gw", "fail", "no reply from 10.0.0.1"), result("db", "timeout", "no answer")]),
      "gw: no reply from 10.0.0.1; db: no answer");
  });

  it("a check that throws is reported unknown with its message", async () => {
    // An http check with a URL node cannot parse throws inside the check function.
    const results = await runChecks([{ kind: "http", name: "bad", timeoutMs: 1000, url: "not a url", expectStatus: [200], insecure: false }], { deadlineMs: 2000 });
    assert.equal(results[0].status, "unknown");
    assert.match(results[0].detail, /^the check itself failed: Invalid URL/);
  });
});
