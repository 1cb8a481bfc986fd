// The programs the agent starts as child processes (host-agent/src/sim/programs.ts): compiled ones
// when the agent runs compiled (an installed package has no TypeScript and no tsx), their sources
// through tsx when the agent runs from source (these tests).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PROGRAM_SOURCES, programArgs, runningFromSource, type AgentProgram } from "../src/sim/programs.ts";
import { assertBuilt } from "./support/cli.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("the agent's child programs", () => {
  it("run compiled from dist/agent/ when the agent runs compiled, through tsx from source otherwise", () => {
    assert.equal(runningFromSource("file:///opt/banken/dist/agent/cli.js"), false);
    assert.equal(runningFromSource("file:///src/banken/host-agent/src/sim/programs.ts"), true);
    assert.deepEqual(programArgs("/opt/banken", "sim-board", false), ["/opt/banken/dist/agent/sim-board.js"]);
    assert.deepEqual(programArgs("/src/banken", "demo-chart", true), ["--import", "tsx", "/src/banken/host-agent/src/demo/chart-cli.ts"]);
  });

  it("exist as sources, and the build compiles each of them from that source", () => {
    assertBuilt();
    const rollupConfig = readFileSync(join(ROOT, "rollup.config.js"), "utf8");
    for (const [program, source] of Object.entries(PROGRAM_SOURCES) as [AgentProgram, string][]) {
      assert.ok(existsSync(join(ROOT, source)), `${source} exists`);
      assert.ok(rollupConfig.includes(`"${program}": resolve(root, "${source}")`), `rollup.config.js compiles ${source} to ${program}.js`);
      assert.ok(existsSync(join(ROOT, "dist/agent", `${program}.js`)), `dist/agent/${program}.js is built`);
    }
  });
});
