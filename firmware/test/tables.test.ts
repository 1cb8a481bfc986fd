// The firmware keeps its fixed texts in switches (in flash on the board) and the documented
// tables beside them for the agent, the docs and the tests: both must say the same.
import { strict as assert } from "node:assert";
import { EVENT_KINDS, isHistoryEvent } from "../core/history.ts";
import { errLine } from "../core/protocol.ts";
import { sequenceStep } from "../core/sequence.ts";
import { ERROR_CODES } from "../core/types.ts";
import type { ErrorCode } from "../core/types.ts";

describe("fixed texts kept in code", () => {
  it("errLine gives each code's ERROR_CODES text when the detail is empty", () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) assert.equal(errLine(code, ""), "ERR " + code + " " + ERROR_CODES[code]);
    assert.equal(errLine("arg", "GET [key]"), "ERR arg GET [key]");
  });

  it("isHistoryEvent accepts exactly the EVENT_KINDS", () => {
    for (const k of EVENT_KINDS) assert.equal(isHistoryEvent("k=" + k + " b=1 t=1"), true, k);
    for (const k of ["", "res", "reset power", " reset", "reset ", "RESET", "3", "null"]) assert.equal(isHistoryEvent("k=" + k + " b=1 t=1"), false, k);
  });

  it("isHistoryEvent checks every char at a start (loadState), only the shape on a save or LOG (everyChar false)", () => {
    assert.equal(isHistoryEvent("k=boot b=1 t=1\u0001"), false);
    assert.equal(isHistoryEvent("k=boot b=1 t=1\u0001", true), false);
    assert.equal(isHistoryEvent("k=boot b=1 t=1\u0001", false), true);
    assert.equal(isHistoryEvent({ k: "boot" }, false), false);
  });

  it("every relay sequence ends released after 0 ms, and only presses its own relay", () => {
    for (const power of [false, true]) {
      let i = 0;
      while (sequenceStep(power, i + 1) !== null) {
        assert.equal(sequenceStep(power, i)![0], power ? "power" : "relay");
        i++;
      }
      assert.deepEqual(sequenceStep(power, i), [power ? "power" : "relay", false, ""]);
    }
    assert.equal(sequenceStep(false, 0)![2], "pulseMs");
    assert.equal(sequenceStep(true, 4), null);
  });
});
