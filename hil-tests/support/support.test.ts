// Unit tests of the suite's own plumbing: target selection, tolerance files, bench scaling, SET
// packing, and that a missing capability skips (never passes).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_LINE } from "../../firmware/core/types.ts";
import { BENCH_LONGEST_TIMEOUT_MS, BENCH_SHORTEST_MS, repeats, scaleConfig, setLines } from "./dut.ts";
import { needs } from "./needs.ts";
import { benchPorts, loadTolerances, selectedBoardIds, targetName } from "./target.ts";

describe("HIL support: target selection", () => {
  it("defaults to sim, accepts bench and espruino, rejects anything else with a one-line error", () => {
    assert.equal(targetName({}), "sim");
    assert.equal(targetName({ BANKEN_TARGET: "bench" }), "bench");
    assert.equal(targetName({ BANKEN_TARGET: "espruino" }), "espruino");
    assert.throws(() => targetName({ BANKEN_TARGET: "hw" }), { name: "TargetConfigError", message: 'BANKEN_TARGET must be "sim", "bench" or "espruino", not "hw"' });
  });

  it("needs both bench ports", () => {
    assert.throws(() => benchPorts({ BANKEN_DUT_PORT: "/dev/ttyUSB0" }), /BANKEN_OBSERVER_PORT/);
    assert.deepEqual(benchPorts({ BANKEN_DUT_PORT: "a", BANKEN_OBSERVER_PORT: "b" }), { dutPath: "a", observerPath: "b" });
  });

  it("reads the committed tolerance files: sim 1 ms, bench 50 ms, espruino without relay delays", () => {
    assert.equal(loadTolerances("sim").timingMs, 1);
    assert.equal(loadTolerances("bench").timingMs, 50);
    assert.equal(loadTolerances("espruino").relayOperateMs, 0);
  });

  describe("boards", () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), "banken-boards-"));
      mkdirSync(join(root, "boards"));
      mkdirSync(join(root, "dist", "firmware"), { recursive: true });
      for (const f of ["esp32.ts", "pico.ts", "types.ts", "chips.ts", "observer-esp32.ts"]) writeFileSync(join(root, "boards", f), "");
      writeFileSync(join(root, "dist", "firmware", "esp32.js"), "");
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it("defaults to every DUT board file with a built bundle (not types, chips or observers)", () => {
      assert.deepEqual(selectedBoardIds({}, root), ["esp32"]);
    });

    it("checks a BANKEN_BOARDS list against board files and bundles", () => {
      assert.deepEqual(selectedBoardIds({ BANKEN_BOARDS: " esp32 " }, root), ["esp32"]);
      assert.throws(() => selectedBoardIds({ BANKEN_BOARDS: "pico" }, root), /no bundle for board "pico"/);
      assert.throws(() => selectedBoardIds({ BANKEN_BOARDS: "uno" }, root), /no boards\/uno.ts/);
    });
  });
});

describe("HIL support: bench scaling and SET lines", () => {
  const sim = { caps: { virtualTime: true }, tolerance: {} } as never;
  const bench = { caps: { virtualTime: false }, tolerance: {} } as never;

  it("leaves the simulation's config alone", () => {
    assert.deepEqual(scaleConfig(sim, { timeoutMs: 600000, pulseMs: 10000 }), { timeoutMs: 600000, pulseMs: 10000 });
  });

  it("shrinks every duration by one factor on the bench, within the firmware's ranges", () => {
    const scaled = scaleConfig(bench, { timeoutMs: 600000, pulseMs: 10000, warnMs: 60000, bootTimeoutMs: 0 });
    assert.equal(scaled.timeoutMs, BENCH_LONGEST_TIMEOUT_MS);
    assert.equal(scaled.pulseMs, BENCH_SHORTEST_MS); // 10000 × 0.005 = 50 would be within one bench tolerance
    assert.equal(scaled.warnMs, 300);
    assert.equal(scaled.bootTimeoutMs, 0);
    assert.ok((scaled.powerOnMs ?? 0) >= 50);
    assert.deepEqual(scaleConfig(bench, { timeoutMs: 2000, pulseMs: 100 }), { timeoutMs: 2000, pulseMs: 100 });
  });

  it("takes a real-time target's own limits and repeat share", () => {
    const espruino = { caps: { virtualTime: false }, tolerance: { longestTimeoutMs: 1500, shortestMs: 500, repeatShare: 0.1 } } as never;
    const scaled = scaleConfig(espruino, { timeoutMs: 600000, pulseMs: 10000, warnMs: 60000 });
    assert.deepEqual([scaled.timeoutMs, scaled.pulseMs, scaled.warnMs], [1500, 500, 500]);
    assert.equal(repeats(espruino, 200), 20);
    assert.equal(repeats(espruino, 3), 1);
    assert.equal(repeats(sim, 200), 200);
    assert.equal(repeats(bench, 200), 200);
  });

  it("packs a config into SET lines of at most MAX_LINE bytes, in the given order", () => {
    const lines = setLines({ timeoutMs: 600000, pulseMs: 10000, bootTimeoutMs: 120000, warnMs: 0, resetsBeforePower: 2, maxAttempts: 4, powerOffMs: 6000, powerWaitMs: 5000, powerOnMs: 500 });
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.ok(line.length <= MAX_LINE && line.startsWith("SET "), line);
    assert.ok(lines[0].startsWith("SET timeoutMs=600000 pulseMs=10000"));
  });
});

describe("HIL support: needs()", () => {
  it("skips (and says why) when the target lacks the capability, and does nothing otherwise", () => {
    let skipped = 0;
    const ctx = { test: { title: "t" }, skip: () => { skipped++; throw new Error("skip"); } } as unknown as Mocha.Context;
    const rig = { target: "bench", caps: { virtualTime: false, powerSwitch: true } } as never;
    needs(ctx, rig, "powerSwitch");
    assert.equal(skipped, 0);
    assert.throws(() => needs(ctx, rig, "virtualTime"), /skip/);
    assert.equal(skipped, 1);
    assert.equal(ctx.test?.title, 't [skipped: target "bench" lacks virtualTime]');
  });
});
