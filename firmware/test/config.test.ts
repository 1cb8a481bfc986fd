import { strict as assert } from "node:assert";
import { CONFIG_KEYS, CONFIG_RANGES, configFrom, DEFAULT_CONFIG, findConfigKey, parseUint, validateConfig } from "../core/config.ts";

describe("config", () => {
  it("the lead's defaults, all valid", () => {
    assert.deepEqual(DEFAULT_CONFIG, {
      timeoutMs: 600000,
      pulseMs: 10000,
      bootTimeoutMs: 0,
      warnMs: 60000,
      resetsBeforePower: 2,
      powerOffMs: 6000,
      powerWaitMs: 5000,
      powerOnMs: 500,
      maxAttempts: 5,
      locked: 0,
      consoleHoldMs: 600000,
    });
    assert.equal(validateConfig(DEFAULT_CONFIG), "");
  });

  it("accepts each key's range ends and rejects one past them", () => {
    for (const key of CONFIG_KEYS) {
      const [min, max] = CONFIG_RANGES[key];
      // warnMs is bounded by timeoutMs too: give it room.
      const base = { ...DEFAULT_CONFIG, timeoutMs: 86400000 };
      if (key === "bootTimeoutMs") {
        assert.equal(validateConfig({ ...base, bootTimeoutMs: 999 }), "bootTimeoutMs=0|1000..86400000");
      } else if (min > 0) {
        assert.notEqual(validateConfig({ ...base, [key]: min - 1 }), "", `${key}=${min - 1}`);
      }
      assert.equal(validateConfig({ ...base, [key]: key === "timeoutMs" ? max : min }), "", `${key}=min`);
      if (key !== "warnMs") assert.equal(validateConfig({ ...base, [key]: max }), "", `${key}=max`);
      assert.notEqual(validateConfig({ ...base, [key]: max + 1 }), "", `${key}=${max + 1}`);
      assert.notEqual(validateConfig({ ...base, [key]: min + 0.5 }), "", `${key} fraction`);
    }
  });

  it("warnMs must leave 1000 ms of timeoutMs", () => {
    assert.equal(validateConfig({ ...DEFAULT_CONFIG, timeoutMs: 60000, warnMs: 59000 }), "");
    assert.equal(validateConfig({ ...DEFAULT_CONFIG, timeoutMs: 60000, warnMs: 59001 }), "warnMs<=timeoutMs-1000");
  });

  it("parseUint takes digits only", () => {
    assert.equal(parseUint("0"), 0);
    assert.equal(parseUint("600000"), 600000);
    assert.equal(parseUint("9999999999"), 9999999999);
    for (const bad of ["", "-1", "+1", "1e3", "1.5", " 1", "0x10", "12345678901", "1_0"]) assert.equal(parseUint(bad), -1, bad);
  });

  it("findConfigKey is case-insensitive and returns the canonical name", () => {
    assert.equal(findConfigKey("TIMEOUTMS"), "timeoutMs");
    assert.equal(findConfigKey("timeout"), "");
    assert.equal(findConfigKey("constructor"), "");
  });

  it("configFrom rejects non-number and out-of-range keys; a missing key (older firmware's record) takes its default", () => {
    assert.deepEqual(configFrom({ ...DEFAULT_CONFIG }), DEFAULT_CONFIG);
    assert.equal(configFrom(null), null);
    assert.equal(configFrom({ ...DEFAULT_CONFIG, pulseMs: "10000" }), null);
    assert.equal(configFrom({ ...DEFAULT_CONFIG, pulseMs: 1 }), null);
    const partial: Record<string, number> = { ...DEFAULT_CONFIG };
    delete partial.consoleHoldMs;
    partial.pulseMs = 300;
    assert.deepEqual(configFrom(partial), { ...DEFAULT_CONFIG, pulseMs: 300 });
  });
});
