// `banken run`'s cadence on a virtual clock: beats start at start + k·interval however long each round
// takes (the old loop measured the interval from the end of a round and drifted: 177 of 180 beats in
// 3 min at 1 s), a round that overruns skips the missed slots with one log line, and a long run leaves
// no timers or abort listeners behind. The board is a stand-in answering at virtual times.
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextSlot } from "../src/service/cadence.ts";
import { BeatService } from "../src/service/beat-service.ts";
import type { BoardLink } from "../src/service/board-link.ts";
import { parseBoardLine, type OkReply } from "../src/protocol/reply.ts";
import { VirtualClock } from "./support/virtual-clock.ts";

const INTERVAL_MS = 1000;

function ok(line: string): OkReply {
  const parsed = parseBoardLine(line);
  assert.equal(parsed.kind, "ok");
  return parsed as OkReply;
}

/** A board whose n-th BEAT takes roundMs(n) virtual ms to answer; records when each BEAT was sent. */
function standInBoard(clock: VirtualClock, roundMs: (n: number) => number): { link: BoardLink; beatsAtMs: number[] } {
  const beatsAtMs: number[] = [];
  const link: BoardLink = {
    request: async (line) => {
      if (line === "STATUS") return ok("OK STATUS state=waiting left=-1 timeout=3000 pulse=100 attempts=0 uptime=5 fw=0.1.0 board=esp32 hold=0");
      assert.match(line, /^BEAT seq=\d+/);
      const delayMs = roundMs(beatsAtMs.length);
      beatsAtMs.push(clock.nowMs());
      await new Promise<void>((resolve) => clock.setTimeout(resolve, delayMs));
      return ok("OK BEAT left=3000 state=armed");
    },
    close: async () => undefined,
  };
  return { link, beatsAtMs };
}

describe("banken run: fixed cadence (virtual clock)", () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), "banken-cadence-"))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  /** Runs the service until `untilMs` (pick a moment between rounds), then stops it. */
  async function runFor(untilMs: number, roundMs: (n: number) => number) {
    const clock = new VirtualClock();
    const board = standInBoard(clock, roundMs);
    const controller = new AbortController();
    const warnings: string[] = [];
    const service = new BeatService({
      path: "/dev/stand-in", flags: {}, config: null, intervalMs: INTERVAL_MS, force: false, disarmOnExit: false, stateDir,
      log: { info: () => undefined, warn: (message) => void warnings.push(message) },
      signal: controller.signal, clock, open: async () => board.link,
    });
    const running = service.run();
    await clock.runUntil(untilMs);
    const leftovers = { timers: clock.pending, listeners: getEventListeners(controller.signal, "abort").length };
    controller.abort();
    await clock.runUntil(untilMs + 60_000); // a round in flight ends, then the service stops
    await running;
    return { beatsAtMs: board.beatsAtMs, warnings, leftovers, afterStop: { timers: clock.pending, listeners: getEventListeners(controller.signal, "abort").length } };
  }

  it("beats at start + k·interval even though every round takes 40 ms: 181 beats in 180 s", async () => {
    const { beatsAtMs, warnings } = await runFor(180_500, () => 40);
    assert.equal(beatsAtMs.length, 181);
    assert.deepEqual(beatsAtMs, beatsAtMs.map((_, k) => k * INTERVAL_MS));
    assert.deepEqual(warnings, []);
  });

  it("a round that overruns two slots skips them with one log line, then returns to the grid", async () => {
    // Beat 2 (sent at 2000) is answered at 4500: slot 3000 is skipped, slot 4000 is beaten late at once.
    const { beatsAtMs, warnings } = await runFor(7_500, (n) => (n === 2 ? 2500 : 10));
    assert.deepEqual(beatsAtMs, [0, 1000, 2000, 4500, 5000, 6000, 7000]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /took 2s500ms, longer than the 1s interval: skipped 1 heartbeat\(s\)/);
  });

  it("leaves no timers or abort listeners behind: one sleep at a time, none after stopping", async () => {
    const { leftovers, afterStop } = await runFor(600_500, () => 5);
    assert.deepEqual(leftovers, { timers: 1, listeners: 1 });
    assert.deepEqual(afterStop, { timers: 0, listeners: 0 });
  });
});

describe("nextSlot", () => {
  it("the next grid slot when the round ended in time, also exactly on the slot", () => {
    assert.deepEqual(nextSlot(5000, 1000, 5040), { atMs: 6000, skipped: 0 });
    assert.deepEqual(nextSlot(5000, 1000, 6000), { atMs: 6000, skipped: 0 });
  });
  it("a late round: the latest passed slot at once, the ones before it skipped", () => {
    assert.deepEqual(nextSlot(5000, 1000, 6001), { atMs: 6000, skipped: 0 });
    assert.deepEqual(nextSlot(5000, 1000, 7999), { atMs: 7000, skipped: 1 });
    assert.deepEqual(nextSlot(5000, 1000, 10500), { atMs: 10000, skipped: 4 });
  });
});
