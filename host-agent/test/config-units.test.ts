// Human units: durations and sizes in, words out.

import assert from "node:assert/strict";
import { formatBytes, formatMs, parseDuration, parseSize } from "../src/config/units.ts";

describe("config units", () => {
  it("durations: units, compounds, integer ms, and what is not one", () => {
    const cases: Array<[unknown, number | undefined]> = [
      ["500ms", 500], ["10s", 10000], ["2m", 120000], ["2min", 120000], ["1h30m", 5400000], ["1d", 86400000],
      ["1.5s", 1500], [" 10 s ", 10000], ["1m 30s", 90000], ["10S", 10000], [250, 250], [0, 0],
      ["10", undefined], ["s", undefined], ["10y", undefined], ["-5s", undefined], ["", undefined],
      [-1, undefined], [1.5, undefined], [true, undefined], [undefined, undefined],
    ];
    for (const [input, expected] of cases) assert.equal(parseDuration(input), expected, `parseDuration(${JSON.stringify(input)})`);
  });

  it("sizes: binary K/M/G/T and KiB..., decimal kB/MB..., integer bytes", () => {
    const cases: Array<[unknown, number | undefined]> = [
      ["512MiB", 512 * 1024 ** 2], ["1G", 1024 ** 3], ["1GB", 1e9], ["100 kB", 100000], ["2T", 2 * 1024 ** 4],
      ["1.5K", 1536], ["4096", 4096], ["10B", 10], [1000, 1000],
      ["10%", undefined], ["lots", undefined], ["5X", undefined], [-1, undefined], [0.5, undefined],
    ];
    for (const [input, expected] of cases) assert.equal(parseSize(input), expected, `parseSize(${JSON.stringify(input)})`);
  });

  it("formats milliseconds and bytes in words", () => {
    assert.deepEqual([750, 1500, 10000, 90000, 720000, 7200000, 172800000].map(formatMs), ["750 ms", "1.5 s", "10 s", "90 s", "12 min", "2.0 h", "2.0 days"]);
    assert.deepEqual([512, 1536, 3 * 1024 ** 3].map(formatBytes), ["512 B", "1.5 KiB", "3.0 GiB"]);
  });
});
