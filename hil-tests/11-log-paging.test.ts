// LOG pages through the history one event per request (docs/protocol.md, LOG): newest first, the
// newest HISTORY_LENGTH kept, an index past the end refused, and the history survives a power cut.
import assert from "node:assert/strict";
import { HISTORY_LENGTH } from "../firmware/core/types.ts";
import { bootDut, configure, powerCycle } from "./support/dut.ts";
import { needs } from "./support/needs.ts";
import { field, textField } from "./support/scenario.ts";
import { forEachBoard } from "./support/suite.ts";

forEachBoard("11 LOG paging", (h) => {
  it(`pages newest first, keeps the newest ${HISTORY_LENGTH}, refuses past the end, survives a power cut`, async function () {
    needs(this, h.rig, "powerSwitch");
    const { rig, s } = h;
    await bootDut(rig);
    const first = await s.ok("LOG");
    assert.equal(textField(first, "k"), "boot", `the first event of a new board: ${first}`);
    // Each SET that changes something is one config event: more than the history holds.
    const base = (await configure(s, { timeoutMs: 60000, pulseMs: 1000, warnMs: 0 })).pulseMs;
    for (let i = 1; i <= HISTORY_LENGTH + 2; i++) await s.ok(`SET pulseMs=${base + i}`);
    const pages: string[] = [];
    for (let i = 0; i < HISTORY_LENGTH; i++) pages.push(await s.ok(`LOG ${i}`));
    pages.forEach((p, i) => {
      assert.equal(field(p, "i"), i);
      assert.equal(field(p, "of"), HISTORY_LENGTH, `of= on page ${i}`);
      assert.equal(textField(p, "k"), "config", `page ${i}: ${p}`);
    });
    const times = pages.map((p) => field(p, "t"));
    assert.deepEqual([...times].sort((a, b) => b - a), times, "newest first: t= never grows with i");
    assert.match(await s.request(`LOG ${HISTORY_LENGTH}`), /^ERR range /);
    assert.equal(await s.ok("LOG"), pages[0].replace(" i=0 ", " i=0 "), "LOG without an index is page 0");
    await powerCycle(rig, 200);
    const after = await s.ok("LOG");
    assert.equal(textField(after, "k"), "boot", `a boot event first after the power cut: ${after}`);
    assert.equal(field(after, "b"), field(pages[0], "b") + 1, "the boot number went up by one");
    const kept = await s.ok("LOG 1");
    assert.equal(kept.replace(/ i=\d+ /, " "), pages[0].replace(/ i=\d+ /, " "), "the newest event before the cut is kept in flash");
  });
});
