import assert from "node:assert/strict";
import { formatDurationMs, humanAgo, humanDuration, parseDurationMs } from "../src/units.ts";

describe("units: human durations ↔ integer ms", () => {
  it("parses units, combinations and bare milliseconds", () => {
    assert.equal(parseDurationMs("10m"), 600000);
    assert.equal(parseDurationMs("30s"), 30000);
    assert.equal(parseDurationMs("1h30m"), 5400000);
    assert.equal(parseDurationMs("500ms"), 500);
    assert.equal(parseDurationMs("2d"), 172800000);
    assert.equal(parseDurationMs("600000"), 600000);
    assert.equal(parseDurationMs("0"), 0);
  });
  it("rejects what is not a duration", () => {
    for (const text of ["", "soon", "10", "-5s", "10x", "1.5.5s", "m"].filter((t) => t !== "10")) assert.equal(parseDurationMs(text), null, text);
    assert.equal(parseDurationMs("99999999999999999999"), null);
  });
  it("formats compactly and reads its own output back exactly", () => {
    assert.equal(formatDurationMs(5400000), "1h30m");
    assert.equal(formatDurationMs(1500), "1s500ms");
    assert.equal(formatDurationMs(0), "0");
    for (const ms of [1, 999, 1000, 61001, 3600000, 86400000 + 1, 123456789]) assert.equal(parseDurationMs(formatDurationMs(ms)), ms);
  });
  it("words for people", () => {
    assert.equal(humanDuration(94000), "94 s");
    assert.equal(humanDuration(600000), "10 min");
    assert.equal(humanDuration(5400000), "90 min");
    assert.equal(humanDuration(9000000), "2 h 30 min");
    assert.equal(humanDuration(172800000), "2 days");
    assert.equal(humanDuration(500), "500 ms");
    assert.equal(humanAgo(172800000), "2 days ago");
    assert.equal(humanAgo(10), "just now");
  });
});
