// The service's V8 heap flags (service/heap.ts): set when `banken run` starts, and each one a flag this
// Node's V8 knows (setFlagsFromString does not throw on a misspelt flag, so a typo would silently
// bring the RSS climb of docs/performance.md item 2 back).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { SERVICE_V8_FLAGS, tuneHeapForService } from "../src/service/heap.ts";

describe("the service's V8 heap flags", () => {
  it("optimizes the heap for size", () => {
    assert.ok(SERVICE_V8_FLAGS.includes("--optimize-for-size"));
  });

  it("sets every flag", () => {
    const set: string[] = [];
    tuneHeapForService((flag) => set.push(flag));
    assert.deepEqual(set, [...SERVICE_V8_FLAGS]);
  });

  it("names only flags V8 accepts", () => {
    for (const flag of SERVICE_V8_FLAGS) {
      const child = spawnSync(process.execPath, ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(flag)})`], { encoding: "utf8" });
      assert.equal(child.status, 0, child.stderr);
      assert.equal(child.stderr, "", `V8 refused ${flag}`);
    }
  });

  it("would notice a misspelt flag", () => {
    const child = spawnSync(process.execPath, ["-e", `require("node:v8").setFlagsFromString("--optimise-for-size")`], { encoding: "utf8" });
    assert.match(child.stderr, /unrecognized flag/);
  });
});
