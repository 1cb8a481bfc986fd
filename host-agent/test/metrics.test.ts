import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { escapeLabelValue } from "../src/metrics/exposition.ts";
import { renderMetrics, writeMetricsFile } from "../src/metrics/index.ts";
import type { MetricsSnapshot } from "../src/metrics/index.ts";
import { parseExposition, value } from "./support/exposition.ts";

const FULL: MetricsSnapshot = {
  up: true,
  nowMs: 1_700_000_030_000,
  state: "armed",
  timeLeftMs: 599_500,
  timeoutMs: 600_000,
  actions: { reset: 2, power: 1 },
  lastBeatAtMs: 1_700_000_000_500,
  checks: [
    { name: "gateway", kind: "ping", status: "ok", ms: 12 },
    { name: "nfs \"home\"", kind: "file", status: "timeout", ms: 5000 },
    { name: "app", kind: "http", status: "fail", ms: 80 },
    { name: "mem", kind: "memory", status: "unknown", ms: 1 },
  ],
  board: "esp32",
  fw: "0.1.0",
  fleet: { group: "rack-7", id: "web-3", status: "holding-off", slotHeld: false, holdingOff: true, reachable: true, holders: 1, max: 1, lost: ["web-9"], line: "" },
};

describe("metrics: Prometheus textfile", () => {
  it("exports every family with HELP/TYPE and values in seconds", () => {
    const { samples, types } = parseExposition(renderMetrics(FULL));
    assert.equal(value(samples, "banken_up"), 1);
    assert.equal(value(samples, "banken_time_left_seconds"), 599.5);
    assert.equal(value(samples, "banken_timeout_seconds"), 600);
    assert.equal(value(samples, "banken_last_heartbeat_age_seconds"), 29.5);
    assert.equal(value(samples, "banken_last_heartbeat_timestamp_seconds"), 1_700_000_000.5);
    assert.equal(types.get("banken_actions_total"), "counter");
    assert.deepEqual(
      samples.filter((s) => s.name === "banken_actions_total").map((s) => [s.labels.kind, s.value]),
      [["reset", 2], ["power", 1], ["gave-up", 0]],
    );
    assert.equal(value(samples, "banken_board_info", { board: "esp32", fw: "0.1.0" }), 1);
    const group = { group: "rack-7" };
    assert.deepEqual(
      ["slot_held", "holding_off", "lock_reachable", "lost_holders", "holders", "max_concurrent"].map((name) => value(samples, `banken_fleet_${name}`, group)),
      [0, 1, 1, 1, 1, 1],
    );
  });

  it("exports the state one-hot: exactly one of the six states is 1", () => {
    const { samples } = parseExposition(renderMetrics({ ...FULL, state: "holding" }));
    const states = samples.filter((s) => s.name === "banken_state");
    assert.equal(states.length, 6);
    assert.deepEqual(states.filter((s) => s.value === 1).map((s) => s.labels.state), ["holding"]);
  });

  it("maps check results to 1/0/-1/-2 and escapes label values", () => {
    const { samples } = parseExposition(renderMetrics(FULL));
    assert.equal(value(samples, "banken_check_status", { check: "gateway", kind: "ping" }), 1);
    assert.equal(value(samples, "banken_check_status", { check: 'nfs "home"', kind: "file" }), -1);
    assert.equal(value(samples, "banken_check_status", { check: "app", kind: "http" }), 0);
    assert.equal(value(samples, "banken_check_status", { check: "mem", kind: "memory" }), -2);
    assert.equal(value(samples, "banken_check_duration_seconds", { check: 'nfs "home"', kind: "file" }), 5);
    assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  });

  it("a board that did not answer: banken_up 0 and no state or time left (absent, not zero)", () => {
    const text = renderMetrics({ up: false, nowMs: 1000 });
    const { samples } = parseExposition(text);
    assert.deepEqual(samples.map((s) => s.name), ["banken_up"]);
    assert.equal(value(samples, "banken_up"), 0);
    assert.ok(!text.includes("banken_check_status"), "no HELP/TYPE for a family without samples");
  });
});

describe("metrics: writeMetricsFile", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-metrics-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("replaces the file atomically: readable mode, no temporary file left", async () => {
    const path = join(dir, "banken.prom");
    writeFileSync(path, "stale\n");
    await writeMetricsFile(path, FULL);
    assert.equal(readFileSync(path, "utf8"), renderMetrics(FULL));
    assert.equal(statSync(path).mode & 0o777, 0o644);
    assert.deepEqual(readdirSync(dir), ["banken.prom"]);
  });

  it("carries the last heartbeat and the action counts over from the previous file", async () => {
    const path = join(dir, "banken.prom");
    await writeMetricsFile(path, FULL);
    // Next minute: the checks failed, so no beat was sent and the board was not asked.
    await writeMetricsFile(path, { up: false, nowMs: FULL.nowMs + 60_000, checks: [{ name: "app", kind: "http", status: "fail", ms: 80 }] });
    const { samples } = parseExposition(readFileSync(path, "utf8"));
    assert.equal(value(samples, "banken_last_heartbeat_age_seconds"), 89.5);
    assert.equal(value(samples, "banken_actions_total", { kind: "reset" }), 2);
    assert.equal(value(samples, "banken_up"), 0);
  });

  it("fails with the filesystem's error when the directory cannot be written", async () => {
    writeFileSync(join(dir, "f"), "");
    await assert.rejects(writeMetricsFile(join(dir, "f", "banken.prom"), FULL), { code: /^E(EXIST|NOTDIR)$/ });
  });

  it("passes promtool check metrics when promtool is installed", function () {
    if (spawnSync("promtool", ["--version"]).error) this.skip();
    const result = spawnSync("promtool", ["check", "metrics"], { input: renderMetrics(FULL), encoding: "utf8" });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});

describe("metrics: docs/examples/banken-alerts.yml", () => {
  it("uses only metric names the agent writes (plus node_exporter's textfile mtime)", async () => {
    const { readFileSync } = await import("node:fs");
    const rules = readFileSync(join(import.meta.dirname, "..", "..", "docs", "examples", "banken-alerts.yml"), "utf8");
    const exported = new Set(parseExposition(renderMetrics(FULL)).samples.map((s) => s.name));
    const exprs = [...rules.matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]);
    const used = new Set(exprs.flatMap((expr) => [...expr.matchAll(/\b(banken_[a-z_]+|node_[a-z_]+)/g)].map((m) => m[1])));
    assert.ok(used.size >= 6, [...used].join(" "));
    for (const name of used) assert.ok(exported.has(name) || name === "node_textfile_mtime_seconds", `${name} is not exported`);
    assert.equal(exprs.length, [...rules.matchAll(/^\s+- alert: /gm)].length, "every alert has an expr");
  });
});
