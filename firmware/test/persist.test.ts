// Two-slot flash records: torn writes, garbled slots, bad configs, failed writes.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { crcHex } from "../core/checksum.ts";
import { DEFAULT_CONFIG } from "../core/config.ts";
import { eventText } from "../core/history.ts";
import { loadHistory, loadState, saveState, SLOT_NAMES } from "../core/persist.ts";
import type { PersistedState } from "../core/types.ts";
import { crc32, MemFlash } from "./harness.ts";

function state(attempts: number, over: Partial<PersistedState> = {}): PersistedState {
  return { cfg: { ...DEFAULT_CONFIG }, attempts, boots: 1, log: ["k=boot b=1 t=0"], judge: 0, ...over };
}

const [A, B] = SLOT_NAMES;

describe("persist", () => {
  it("a save appends its events to the history in flash, HISTORY_LENGTH kept; loadHistory reads it", () => {
    const flash = new MemFlash();
    for (let i = 0; i < 20; i++) saveState(flash, state(0, { log: [`k=boot b=${i} t=0`] }), crc32);
    const history = loadHistory(flash, crc32);
    assert.equal(history.length, 16);
    assert.equal(history[0], "k=boot b=4 t=0");
    assert.equal(history[15], "k=boot b=19 t=0");
    assert.deepEqual(loadHistory(new MemFlash(), crc32), []);
  });

  it("a blank flash loads as null with nothing corrupt", () => {
    assert.deepEqual(loadState(new MemFlash(), crc32), { state: null, corrupt: 0 });
  });

  it("round-trips a state and alternates slots, newest wins", () => {
    const flash = new MemFlash();
    assert.equal(saveState(flash, state(1), crc32), true);
    assert.ok(flash.files[A].startsWith("1 "));
    assert.ok(!(B in flash.files), "slot b untouched");
    saveState(flash, state(2), crc32);
    assert.ok(flash.files[B].startsWith("2 "));
    saveState(flash, state(3), crc32);
    assert.ok(flash.files[A].startsWith("3 "));
    // Each save appended its event to the history of the record before it.
    const boot = "k=boot b=1 t=0";
    assert.deepEqual(loadState(flash, crc32), { state: state(3, { log: [boot, boot, boot] }), corrupt: 0 });
  });

  it("a torn write (truncated at any byte) leaves the previous record in force", () => {
    const good = new MemFlash();
    saveState(good, state(1), crc32);
    saveState(good, state(2), crc32);
    const next = new MemFlash();
    next.files = { ...good.files };
    saveState(next, state(3), crc32);
    const full = next.files[A];
    for (let cut = 1; cut < full.length; cut++) {
      const flash = new MemFlash();
      flash.files = { ...good.files, [A]: full.slice(0, cut) };
      const loaded = loadState(flash, crc32);
      assert.equal(loaded.state?.attempts, 2, `cut at ${cut}`);
      assert.equal(loaded.corrupt, 1, `cut at ${cut}`);
    }
  });

  it("a garbled byte anywhere in the newest slot falls back to the older one and counts as corrupt", () => {
    const flash = new MemFlash();
    saveState(flash, state(1), crc32);
    saveState(flash, state(2), crc32);
    const text = flash.files[B];
    for (let i = 0; i < text.length; i++) {
      const garbled = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 4) + text.slice(i + 1);
      const f = new MemFlash();
      f.files = { [A]: flash.files[A], [B]: garbled };
      const loaded = loadState(f, crc32);
      assert.equal(loaded.state?.attempts, 1, `byte ${i}`);
      assert.equal(loaded.corrupt, 1, `byte ${i}`);
    }
  });

  it("both slots garbled: no state, two corrupt", () => {
    const flash = new MemFlash();
    flash.files = { [A]: "garbage", [B]: "1 00000000 {}" };
    assert.deepEqual(loadState(flash, crc32), { state: null, corrupt: 2 });
  });

  it("the next save after a corrupt newest slot overwrites the corrupt one, never the good one", () => {
    const flash = new MemFlash();
    saveState(flash, state(1), crc32);
    saveState(flash, state(2), crc32);
    flash.files[B] = flash.files[B].slice(0, 10);
    const goodA = flash.files[A];
    saveState(flash, state(3), crc32);
    assert.equal(flash.files[A], goodA);
    // The torn slot's history is lost: the save appended to the good record's (1 event).
    const boot = "k=boot b=1 t=0";
    assert.deepEqual(loadState(flash, crc32), { state: state(3, { log: [boot, boot] }), corrupt: 0 });
  });

  it("a checksummed record with an invalid config loads the defaults and counts as corrupt", () => {
    const flash = new MemFlash();
    saveState(flash, state(2, { cfg: { ...DEFAULT_CONFIG, pulseMs: 5 } }), crc32);
    const loaded = loadState(flash, crc32);
    assert.deepEqual(loaded.state?.cfg, DEFAULT_CONFIG);
    assert.equal(loaded.state?.attempts, 2, "the rest of the record is kept");
    assert.equal(loaded.corrupt, 1);
  });

  it("a checksummed record with a bad shape is skipped; malformed history events are dropped", () => {
    const flash = new MemFlash();
    saveState(flash, { ...state(1), attempts: -3 }, crc32);
    assert.deepEqual(loadState(flash, crc32), { state: null, corrupt: 1 });
    const f2 = new MemFlash();
    // An object event (as firmware before events became strings wrote them), an unknown kind, a control
    // byte, a text without its boot number, and one too long are dropped; the good ones stay in order.
    const log = ["k=boot b=1 t=0", { k: "boot", t: 0, b: 1 }, "k=nonsense b=1 t=1", "k=reset b=1 t=5\u0007", "k=reset t=5", "k=test b=1 t=" + "9".repeat(80), "k=back b=1 t=9 n=3"];
    saveState(f2, { ...state(0), log: log as PersistedState["log"] }, crc32);
    assert.deepEqual(loadState(f2, crc32).state?.log, ["k=boot b=1 t=0", "k=back b=1 t=9 n=3"]);
  });

  it("a failed write reports false and keeps the last good record", () => {
    const flash = new MemFlash();
    saveState(flash, state(1), crc32);
    flash.failWrites = true;
    assert.equal(saveState(flash, state(2), crc32), false);
    assert.equal(loadState(flash, crc32).state?.attempts, 1);
  });

  it("a full record (16 events) fits comfortably in one Storage file", () => {
    const flash = new MemFlash();
    const log = [];
    for (let i = 0; i < 16; i++) log.push(eventText("reset", 1000, 86400000 + i, 5, "boot-timeout"));
    saveState(flash, state(5, { log }), crc32);
    assert.ok(flash.files[A].length < 1400, `record is ${flash.files[A].length} bytes`);
  });

  it("a save never overwrites the newest good record, whatever the other slot holds (it checks the higher seq first)", () => {
    type Kind = "missing" | "empty" | "good" | "torn" | "garbled" | "bad seq";
    const record = (seq: number, attempts: number): string => {
      const json = JSON.stringify({ cfg: DEFAULT_CONFIG, attempts, boots: 1, log: [] });
      return seq + " " + crcHex(crc32(seq + " " + json)) + " " + json;
    };
    const slotText = (kind: Kind, seq: number, attempts: number): string | undefined => {
      const good = record(seq, attempts);
      if (kind === "missing") return undefined;
      if (kind === "empty") return "";
      if (kind === "good") return good;
      if (kind === "torn") return good.slice(0, good.length - 7);
      if (kind === "garbled") return good.slice(0, 20) + "#" + good.slice(21);
      return "9" + good; // a higher seq than it was written with: the checksum fails
    };
    const kind = fc.constantFrom<Kind>("missing", "empty", "good", "torn", "garbled", "bad seq");
    fc.assert(
      fc.property(kind, fc.integer({ min: 1, max: 20 }), kind, fc.integer({ min: 1, max: 20 }), (kindA, seqA, kindB, seqB) => {
        const flash = new MemFlash();
        for (const [name, text] of [[A, slotText(kindA, seqA, 1)], [B, slotText(kindB, seqB, 2)]] as const) if (text !== undefined) flash.files[name] = text;
        const before = { ...flash.files };
        // The newest good record by the full rule: the good slot with the higher seq (a tie keeps slot a).
        const goodA = kindA === "good";
        const goodB = kindB === "good";
        const newest = goodA && (!goodB || seqA >= seqB) ? A : goodB ? B : null;
        assert.equal(saveState(flash, state(9), crc32), true);
        if (newest !== null) {
          assert.equal(flash.files[newest], before[newest], "the newest good record is untouched");
          const other = newest === A ? B : A;
          assert.ok(flash.files[other].startsWith(((newest === A ? seqA : seqB) + 1) + " "), "the other slot has the next seq");
        } else {
          assert.ok(flash.files[A].startsWith("1 "), "no good record: slot a, seq 1");
        }
        assert.equal(loadState(flash, crc32).state?.attempts, 9);
      }),
    );
  });
});
