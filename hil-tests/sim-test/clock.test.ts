import assert from "node:assert/strict";
import { VirtualClock } from "../../sim/clock.ts";

describe("sim: virtual clock", () => {
  it("runs events in time order, same-time events in the order they were scheduled", () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    clock.after(3000, () => seen.push("c"));
    clock.after(1000, () => seen.push("a1"));
    clock.after(1000, () => seen.push("a2"));
    clock.after(2000, () => seen.push("b"));
    clock.advance(2.5);
    assert.deepEqual(seen, ["a1", "a2", "b"]);
    assert.equal(clock.nowMs(), 2.5);
    clock.runUntil(10);
    assert.deepEqual(seen, ["a1", "a2", "b", "c"]);
  });

  it("skips cancelled events and runs events scheduled by events", () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const e = clock.after(500, () => seen.push(0));
    clock.after(1000, () => clock.after(0, () => seen.push(clock.nowUs())));
    e.cancel();
    clock.advance(5);
    assert.deepEqual(seen, [1000]);
    assert.equal(clock.pending(), 0);
  });

  it("never goes back in time: an event in the past runs now", () => {
    const clock = new VirtualClock();
    clock.advance(10);
    let at = -1;
    clock.at(5, () => (at = clock.nowUs()));
    clock.advance(0);
    assert.equal(at, 10000);
  });
});
