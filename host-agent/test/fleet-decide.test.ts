// The fleet guard's decision (fleet/decide.ts) as a pure function: what it asks the lock service,
// and whether the heartbeat goes out, for each checks result, answer and time.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { GroupView, LockAnswer } from "../src/fleet/backend.ts";
import { decide, INITIAL_STATE, nextRequest, reapSet, type DecideConfig, type Decision, type GuardState } from "../src/fleet/decide.ts";

const CONFIG: DecideConfig = { id: "me", onUnreachable: "act", onLost: "keep", lostAfterMs: 60000, isolationGraceMs: 10000 };
const view = (...ids: string[]): GroupView => ({ max: 1, holders: ids.map((id) => ({ id, sinceMs: 0 })) });
const GRANTED: LockAnswer = { kind: "granted", view: view("me") };
const FULL: LockAnswer = { kind: "refused", view: view("other"), reason: "all 1 slots are held" };
const DOWN: LockAnswer = { kind: "unreachable", reason: "connect ECONNREFUSED" };

/** Runs one round the way guard.ts does: ask what to request, then decide on `answer`. */
function round(state: GuardState, checksPassed: boolean, answer: LockAnswer, nowMs: number, config = CONFIG, jitterMs = 0): Decision {
  const request = nextRequest(state, checksPassed);
  return decide(config, state, { checksPassed, request, answer, nowMs, newJitterMs: jitterMs, lastView: null });
}

describe("fleet guard decision", () => {
  it("failing checks: with a slot the beat is withheld, without one it goes out (holding off)", () => {
    assert.equal(nextRequest(INITIAL_STATE, false), "acquire");
    const granted = round(INITIAL_STATE, false, GRANTED, 0);
    assert.deepEqual([granted.beat, granted.status], [false, "holding-slot"]);
    const full = round(INITIAL_STATE, false, FULL, 0);
    assert.deepEqual([full.beat, full.status, full.reason], [true, "holding-off", "all 1 slots are held"]);
  });

  it("releases the slot once the checks passed two rounds in a row, and not before", () => {
    let state = round(INITIAL_STATE, false, GRANTED, 0).state;
    assert.equal(nextRequest(state, true), "peek");
    state = round(state, true, { kind: "done", view: view("me") }, 1000).state;
    assert.equal(nextRequest(state, true), "release");
    const failedRelease = round(state, true, DOWN, 2000);
    assert.equal(nextRequest(failedRelease.state, true), "release", "an unanswered release is tried again");
    state = round(failedRelease.state, true, { kind: "done", view: view() }, 3000).state;
    assert.equal(nextRequest(state, true), "peek");
    assert.equal(state.mayHold, false);
  });

  it("after a start it releases a slot it may still hold from before the reset", () => {
    const first = round(INITIAL_STATE, true, { kind: "done", view: view("me") }, 0);
    assert.equal(nextRequest(first.state, true), "release");
  });

  it("unreachable with on-unreachable = act: beats through the isolation grace plus jitter, then acts alone", () => {
    let d = round(INITIAL_STATE, false, DOWN, 1000, CONFIG, 700);
    assert.deepEqual([d.beat, d.status], [true, "isolated-waiting"]);
    d = round(d.state, false, DOWN, 1000 + 10699);
    assert.deepEqual([d.beat, d.status], [true, "isolated-waiting"], "the jitter drawn at the start of the spell still counts");
    d = round(d.state, false, DOWN, 1000 + 10700);
    assert.deepEqual([d.beat, d.status], [false, "isolated-acting"]);
    const back = round(d.state, false, FULL, 30000);
    assert.deepEqual([back.beat, back.state.unreachableSinceMs], [true, null], "once the service answers, its answer rules again");
  });

  it("unreachable with on-unreachable = hold: keeps beating", () => {
    const hold = { ...CONFIG, onUnreachable: "hold" as const };
    let d = round(INITIAL_STATE, false, DOWN, 0, hold);
    for (const t of [10000, 100000, 1000000]) d = round(d.state, false, DOWN, t, hold);
    assert.deepEqual([d.beat, d.status], [true, "unreachable-holding"]);
  });

  it("a holder that loses the service keeps its slot: it stays silent", () => {
    const held = round(INITIAL_STATE, false, GRANTED, 0);
    const d = round(held.state, false, DOWN, 1000);
    assert.deepEqual([d.beat, d.status], [false, "holding-slot"]);
  });

  it("a holder seen for lost-after is lost: marked with keep, reaped with release", () => {
    let d = round(INITIAL_STATE, false, FULL, 0);
    d = round(d.state, false, FULL, 59999);
    assert.deepEqual(d.lost, []);
    d = round(d.state, false, FULL, 60000);
    assert.deepEqual([d.lost.map((h) => h.id), d.unmarked], [["other"], ["other"]]);
    assert.deepEqual([...reapSet(CONFIG, d.state, 60000, d.view)], [], "keep: nobody takes its slot");
    const release = { ...CONFIG, onLost: "release" as const };
    assert.deepEqual([...reapSet(release, d.state, 60000, d.view)], ["other"]);
    const marked: LockAnswer = { kind: "refused", view: { max: 1, holders: [{ id: "other", sinceMs: 0, lostBy: "x", lostAtMs: 1 }] }, reason: "full" };
    const fresh = round(INITIAL_STATE, false, marked, 0);
    assert.deepEqual([fresh.lost.map((h) => h.id), fresh.unmarked], [["other"], []], "a mark by another agent counts at once");
  });

  it("never withholds a beat without a grant, except alone after the grace (any sequence of rounds)", () => {
    const answer = fc.constantFrom<LockAnswer>(GRANTED, FULL, DOWN, { kind: "done", view: view() });
    const step = fc.record({ checksPassed: fc.boolean(), answer, dtMs: fc.integer({ min: 0, max: 5000 }), jitter: fc.integer({ min: 0, max: 2500 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.constantFrom<"act" | "hold">("act", "hold"), (steps, onUnreachable) => {
        const config = { ...CONFIG, onUnreachable };
        let state = INITIAL_STATE;
        let nowMs = 0;
        let grantedBefore = false;
        for (const s of steps) {
          nowMs += s.dtMs;
          const request = nextRequest(state, s.checksPassed);
          // The service answers what was asked: a grant or refusal only to an acquire.
          const answer = request !== "acquire" && s.answer.kind !== "unreachable" ? { kind: "done" as const, view: view() } : request === "acquire" && s.answer.kind === "done" ? FULL : s.answer;
          const d = decide(config, state, { checksPassed: s.checksPassed, request, answer, nowMs, newJitterMs: s.jitter, lastView: null });
          if (s.checksPassed) assert.equal(d.beat, true);
          if (!d.beat) {
            const allowed = answer.kind === "granted" || (answer.kind === "unreachable" && (grantedBefore || (onUnreachable === "act" && d.state.unreachableSinceMs !== null && nowMs - d.state.unreachableSinceMs >= config.isolationGraceMs + d.state.jitterMs)));
            assert.ok(allowed, `withheld a beat on ${JSON.stringify(answer)}`);
          }
          grantedBefore = d.state.holding;
          state = d.state;
        }
      }),
      { numRuns: 500 },
    );
  });
});
