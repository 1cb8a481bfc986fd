// The pure parts of the hardware layer and the observer: the monotonic clock, the
// LED pattern table, the observer's microsecond formatting and line splitting.
import assert from "node:assert/strict";
import { monotonicClock } from "../../firmware/hw/clock.ts";
import { LED_PATTERNS } from "../../firmware/hw/led-patterns.ts";
import { microsText } from "../../firmware/observer/micros.ts";
import { splitLines } from "../../firmware/observer/split.ts";

describe("monotonic clock", () => {
  function fakeTime(start: number): { set(s: number): void; read(): number } {
    let now = start;
    return { set: (s) => { now = s; }, read: () => now };
  }

  it("counts integer ms from getTime() deltas, starting at 0", () => {
    const t = fakeTime(1000.25);
    const nowMs = monotonicClock(t.read, 5000).nowMs;
    assert.equal(nowMs(), 0);
    t.set(1001.2505);
    assert.equal(nowMs(), 1000);
  });

  it("never goes backwards when setTime moves the clock back", () => {
    const t = fakeTime(100);
    const nowMs = monotonicClock(t.read, 5000).nowMs;
    t.set(101);
    assert.equal(nowMs(), 1000);
    t.set(50);
    assert.equal(nowMs(), 1000);
    t.set(50.5);
    assert.equal(nowMs(), 1500);
  });

  it("bounds a forward jump to maxStepMs", () => {
    const t = fakeTime(0);
    const nowMs = monotonicClock(t.read, 5000).nowMs;
    t.set(3600);
    assert.equal(nowMs(), 5000);
  });

  it("does not lose fractions of a ms over many reads", () => {
    const t = fakeTime(0);
    const nowMs = monotonicClock(t.read, 5000).nowMs;
    for (let i = 1; i <= 1000; i++) {
      t.set(i * 0.0004);
      nowMs();
    }
    assert.equal(nowMs(), 400);
  });

  it("align() makes the last read a whole millisecond, so durations count from it", () => {
    const t = fakeTime(0);
    const clock = monotonicClock(t.read, 5000);
    t.set(0.0017);
    assert.equal(clock.nowMs(), 1);
    clock.align();
    t.set(0.0026);
    assert.equal(clock.nowMs(), 1, "0.9 ms after the aligned read");
    t.set(0.0027);
    assert.equal(clock.nowMs(), 2, "1 ms after the aligned read");
  });

  it("counts whole-ms differences of float seconds as whole ms", () => {
    const t = fakeTime(1.503473);
    const nowMs = monotonicClock(t.read, 5000).nowMs;
    t.set(3.503473);
    assert.equal(nowMs(), 2000);
  });
});

describe("LED patterns", () => {
  it("every pattern is a non-empty string of 0 and 1", () => {
    for (const steps of Object.values(LED_PATTERNS)) assert.match(steps, /^[01]+$/);
  });

  it("solid is always lit and off always dark", () => {
    assert.equal(LED_PATTERNS.solid, "1");
    assert.equal(LED_PATTERNS.off, "0");
  });

  it("blinking patterns are distinct", () => {
    const blinking = [LED_PATTERNS["warn-blink"], LED_PATTERNS["gave-up"], LED_PATTERNS.status];
    assert.equal(new Set(blinking).size, 3);
  });
});

describe("observer microsecond text", () => {
  it("prints small and large times as plain integer digits", () => {
    assert.equal(microsText(0.000001), "1");
    assert.equal(microsText(0.5), "500000");
    assert.equal(microsText(1.000002), "1000002");
    assert.equal(microsText(2592000.123456), "2592000123456");
  });

  it("clamps a negative time to 0", () => {
    assert.equal(microsText(-0.001), "0");
  });
});

describe("observer line splitting", () => {
  it("gives the same lines however the bytes are split", () => {
    const text = "PING\r\nPWR 1\nTIME\n";
    for (let cut = 0; cut <= text.length; cut++) {
      const lines: string[] = [];
      const feed = splitLines((l) => lines.push(l));
      feed(text.slice(0, cut));
      feed(text.slice(cut));
      assert.deepEqual(lines, ["PING", "PWR 1", "TIME"], `cut at ${cut}`);
    }
  });

  it("drops an over-long line up to its newline and keeps the next", () => {
    const lines: string[] = [];
    const feed = splitLines((l) => lines.push(l));
    feed("x".repeat(100));
    feed("yyy\nPING\n");
    assert.deepEqual(lines, ["PING"]);
  });
});
