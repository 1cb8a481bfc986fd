// The last step of a flash, cut at every Storage step: once bankenfw.new checked out, the flash writes
// the repair file (.boot3), copies bankenfw.new to .bootcde (the repair file's own code, 512 bytes a
// write) and erases both. A power cut anywhere in that sequence must boot the old or the new banken,
// never nothing and never a restart loop: the new one as soon as the repair file is whole (the copy
// erases the old .bootcde first). Without the repair file, a cut copy boots nothing (the control).
// The simulator also tears each write halfway and cuts the boot-time repair itself; the real
// interpreter (ESPRUINO_BIN) stops the same statements after each step and boots what is left.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import esp32 from "../../boards/esp32.ts";
import { HEADER_BYTES, PowerCutDuringWrite } from "../../sim/espruino/flash.ts";
import { createStandalone, type Standalone } from "../../sim/standalone.ts";
import { finishEraseStatement, repairCode, settleAndEraseExpression, STAGED_FILE, writeRepairStatement } from "../src/flash/repair-file.ts";
import { digestOf } from "../src/flash/digest.ts";
import { assertBuilt } from "./support/cli.ts";
import { ESPRUINO_BIN, espruinoLinuxBoard, type EspruinoLinuxBoard } from "./support/espruino-linux.ts";
import { helloAfterBoot } from "./support/hello-after-boot.ts";

const ROOT = resolve(import.meta.dirname, "../..");
/** The built bundle, marked so that a test can tell which one booted (USB.write: the real interpreter's stdout). */
const variant = (name: string): string =>
  `${readFileSync(join(ROOT, "dist/firmware/esp32.js"), "latin1")}\nvar flashTestVariant="${name}";if(typeof USB!="undefined")USB.write("flash-test variant ${name}\\n");`;

type Outcome = "old" | "new" | "nothing";

describe("a flash cut while bankenfw.new becomes .bootcde", function () {
  this.timeout(120000);
  let OLD = "";
  let NEW = "";
  let PROMOTION: string[] = [];
  /** Storage steps of the promotion: the repair file, the copy's slices, two erases. */
  let STEPS = 0;
  before(() => {
    assertBuilt();
    OLD = variant("old");
    NEW = variant("new");
    const want = digestOf(Buffer.from(NEW, "latin1"));
    // What the flash sends once bankenfw.new checked out, but the load().
    PROMOTION = [writeRepairStatement(want), repairCode(want), finishEraseStatement()];
    STEPS = 1 + Math.ceil(NEW.length / 512) + 2;
  });

  /** What a cut after step `step` must boot: the old firmware only while the repair file is not whole. */
  const expected = (step: number, torn: boolean): Outcome => (step === 1 && torn ? "old" : "new");

  describe("on the simulator (every step, whole and torn halfway)", () => {
    interface Cut {
      step: number;
      /** Torn: the write stops halfway (header and half the data); else the cut follows the step. */
      torn: boolean;
    }

    /** A simulated esp32 running the old banken, with the verified new one in bankenfw.new. */
    function boardWithStagedFirmware(): { sim: Standalone; relayClosed: () => boolean; output: () => string } {
      const sim = createStandalone({ board: "esp32", bundle: OLD });
      sim.board.flash.write(STAGED_FILE, NEW);
      let closed = false;
      sim.onSignal((signal, level) => void (signal === "relay" && level === 1 && (closed = true)));
      let out = "";
      sim.board.onHostOutput((text) => (out += text));
      return { sim, relayClosed: () => closed, output: () => out };
    }

    /** Runs `body` with a power cut at Storage step `cut.step` (counted from 1; writes and erases). */
    function withCut(sim: Standalone, cut: Cut | null, body: () => void): void {
      const flash = sim.board.flash;
      const write = flash.write.bind(flash);
      const erase = flash.erase.bind(flash);
      let steps = 0;
      const cutAfter = (name: string): never => {
        sim.board.powerOff();
        throw new PowerCutDuringWrite(name, -1);
      };
      // Storage.write erases the old copy itself (JournalFlash.write calls erase): one step, not two.
      let inWrite = false;
      flash.write = (name, data, offset, size) => {
        steps++;
        if (cut?.torn === true && steps === cut.step) flash.tearNextWrite({ fraction: 0.5, file: name });
        inWrite = true;
        let done: boolean;
        try {
          done = write(name, data, offset, size);
        } finally {
          inWrite = false;
        }
        if (cut?.torn === false && steps === cut.step) cutAfter(name);
        return done;
      };
      flash.erase = (name) => {
        if (inWrite) return erase(name);
        steps++;
        erase(name);
        if (cut !== null && steps === cut.step) cutAfter(name);
      };
      try {
        body();
      } catch (err) {
        if (!(err instanceof PowerCutDuringWrite)) throw err;
      } finally {
        flash.write = write;
        flash.erase = erase;
      }
    }

    /** Powers up (optionally cut during its boot), asks HELLO; which firmware answered, and how many starts it took. */
    function bootAndHello(b: ReturnType<typeof boardWithStagedFirmware>, bootCut: Cut | null = null): { outcome: Outcome; starts: number } {
      const startsBefore = b.sim.board.starts.length;
      withCut(b.sim, bootCut, () => {
        b.sim.board.powerOn();
        b.sim.clock.advance(3000);
      });
      if (bootCut !== null && !b.sim.board.powered()) return { outcome: "nothing", starts: b.sim.board.starts.length - startsBefore };
      const heard = b.output().length;
      b.sim.board.hostWrite("HELLO\n");
      b.sim.clock.advance(500);
      const hello = /OK HELLO [^\r\n]*board=esp32/.test(b.output().slice(heard));
      const which = b.sim.board.interpreter()?.evaluate(`typeof flashTestVariant=="undefined"?"none":flashTestVariant`);
      return { outcome: hello && (which === "old" || which === "new") ? which : "nothing", starts: b.sim.board.starts.length - startsBefore };
    }

    /** Boots the old firmware, runs `statements` as the flash's REPL lines would, cut at `cut`, then powers off. */
    function promoteWithCut(statements: string[], cut: Cut): ReturnType<typeof boardWithStagedFirmware> {
      const b = boardWithStagedFirmware();
      b.sim.board.powerOn();
      b.sim.clock.advance(3000);
      withCut(b.sim, cut, () => {
        for (const statement of statements) b.sim.board.interpreter()?.evaluate(statement);
      });
      if (b.sim.board.powered()) b.sim.board.powerOff();
      return b;
    }

    it("a cut after or in the middle of any step boots banken: the new one once the repair file is whole; the relay never closes", () => {
      const seen: Record<string, number> = {};
      for (let step = 1; step <= STEPS; step++) {
        for (const torn of step <= STEPS - 2 ? [true, false] : [false]) {
          const b = promoteWithCut(PROMOTION, { step, torn });
          const { outcome, starts } = bootAndHello(b);
          const what = step === 1 ? "repair file" : step <= STEPS - 2 ? "copy" : "erase";
          assert.equal(outcome, expected(step, torn), `cut ${torn ? "in" : "after"} step ${step} (${what}): booted ${outcome}`);
          assert.equal(starts, 1, "one start, no restart loop");
          assert.equal(b.relayClosed(), false, "the relay never closed");
          const key = `${what} ${torn ? "torn" : "after"}: ${outcome}`;
          seen[key] = (seen[key] ?? 0) + 1;
        }
      }
      console.log(`      ${STEPS} steps, ${Object.values(seen).reduce((a, n) => a + n, 0)} cuts: ${JSON.stringify(seen)}`);
    });

    it("a cut during the boot-time repair is redone at the next start (each write of it cut halfway)", () => {
      const copySteps = STEPS - 3;
      for (let bootStep = 1; bootStep <= copySteps; bootStep++) {
        const b = promoteWithCut(PROMOTION, { step: 1 + Math.ceil(copySteps / 2), torn: false });
        assert.equal(bootAndHello(b, { step: bootStep, torn: true }).outcome, "nothing", "the cut boot never got to the firmware");
        const { outcome, starts } = bootAndHello(b);
        assert.equal(outcome, "new", `boot repair cut at its write ${bootStep}, then a clean start: booted ${outcome}`);
        assert.equal(starts, 1);
      }
    });

    it("control: without the repair file, a cut in the middle of the copy boots nothing", () => {
      const b = promoteWithCut(PROMOTION.slice(1), { step: Math.ceil(STEPS / 2), torn: false });
      assert.equal(bootAndHello(b).outcome, "nothing");
    });

    it("the next flash settles a leftover repair file first: completes a cut copy, skips a torn one, erases nothing when the copy fails or the .boot3 is not banken's", () => {
      const running = (): Standalone => {
        const { sim } = boardWithStagedFirmware();
        sim.board.powerOn();
        sim.clock.advance(3000);
        return sim;
      };
      const run = (sim: Standalone, code: string): unknown => sim.board.interpreter()?.evaluate(code);
      const files = (sim: Standalone): string[] => [".boot3", STAGED_FILE].filter((name) => sim.board.flash.read(name) !== undefined);
      // A copy cut without a restart (the old firmware still runs): completed, then both files erased.
      const cut = running();
      run(cut, PROMOTION[0]);
      cut.board.flash.write(".bootcde", NEW.slice(0, 512), 0, NEW.length);
      assert.equal(run(cut, settleAndEraseExpression()), "erased");
      assert.equal(cut.board.flash.read(".bootcde"), NEW);
      assert.deepEqual(files(cut), []);
      // A torn repair file: a syntax error, skipped; the old .bootcde stays.
      const torn = running();
      const code = repairCode(digestOf(Buffer.from(NEW, "latin1")));
      torn.board.flash.write(".boot3", code.slice(0, 100), 0, code.length);
      assert.equal(run(torn, settleAndEraseExpression()), "erased");
      assert.equal(torn.board.flash.read(".bootcde"), OLD);
      assert.deepEqual(files(torn), []);
      // No .bootcde and no room for the copy: the error comes back and the staging file stays.
      const full = running();
      run(full, PROMOTION[0]);
      full.board.flash.erase(".bootcde");
      full.board.flash.compact();
      full.board.flash.write("filler", "", 0, full.board.flash.getFree() - HEADER_BYTES - 100);
      assert.throws(() => run(full, settleAndEraseExpression()), /Unable to find or create file/);
      assert.deepEqual(files(full), [".boot3", STAGED_FILE]);
      // A .boot3 of someone else's: neither run nor erased.
      const foreign = running();
      foreign.board.flash.write(".boot3", "var mine=1;");
      assert.equal(run(foreign, settleAndEraseExpression()), "foreign");
      assert.deepEqual(files(foreign), [".boot3", STAGED_FILE]);
    });
  });

  describe("on the real interpreter (ESPRUINO_BIN: the same statements stopped after a step, then a power-up)", () => {
    let dir = "";
    beforeEach(function () {
      if (ESPRUINO_BIN === "") this.skip(); // no interpreter: reported as pending, not passed
      dir = mkdtempSync(join(tmpdir(), "banken-promote-cut-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /**
     * The statements with Storage behind a counter that throws after step `step` (writes and erases
     * count): what is in flash then is what a power cut right after that step leaves.
     */
    const stoppedAfter = (statements: string[], step: number): string =>
      `var CUT=(function(S,k){var n=0;function done(){if(++n==k)throw "cut";}` +
      `return {read:function(a,o,l){return S.read(a,o,l);},write:function(a,d,o,z){var r=S.write(a,d,o,z);done();return r;},erase:function(a){S.erase(a);done();}};` +
      `})(require("Storage"),${step});\n` +
      `try{${statements.map((s) => s.split('require("Storage")').join("CUT")).join("\n")}}catch(e){if(e!=="cut")throw e;}`;

    /** The old banken and the verified new one in bankenfw.new, the statements stopped after `step`, then a power-up and HELLO. */
    async function cutAndBoot(board: EspruinoLinuxBoard, statements: string[], step: number, helloTries?: number): Promise<{ outcome: Outcome; hello: string }> {
      await board.reflash(OLD, { [STAGED_FILE]: NEW }, stoppedAfter(statements, step));
      await board.start();
      const hello = await helloAfterBoot(board.link, helloTries);
      const which = /flash-test variant (old|new)/.exec(board.stdout())?.[1] as Outcome | undefined;
      return { outcome: hello.startsWith("OK HELLO") && which !== undefined ? which : "nothing", hello };
    }

    async function onBoard(body: (board: EspruinoLinuxBoard) => Promise<void>): Promise<void> {
      const board = await espruinoLinuxBoard(dir, {});
      try {
        await body(board);
        assert.equal(board.pinWrites().some((w) => w.pin === esp32.relay.pin && w.value === (esp32.relay.activeLow ? 0 : 1)), false, "the relay never closed");
      } finally {
        await board.stop();
      }
    }

    it("a cut after any step boots banken: the new one once the repair file is written; the relay never closes", async () => {
      const seen: Record<string, number> = {};
      await onBoard(async (board) => {
        for (let step = 1; step <= STEPS; step++) {
          const { outcome, hello } = await cutAndBoot(board, PROMOTION, step);
          assert.equal(outcome, expected(step, false), `cut after step ${step}: ${hello}`);
          const what = step === 1 ? "repair file" : step <= STEPS - 2 ? "copy" : "erase";
          seen[`${what}: ${outcome}`] = (seen[`${what}: ${outcome}`] ?? 0) + 1;
        }
      });
      console.log(`      ${STEPS} steps: ${JSON.stringify(seen)}`);
    });

    it("the next flash's settle step completes a cut copy, then erases the repair and staging files", async () => {
      await onBoard(async (board) => {
        const report = `print("settled "+(${settleAndEraseExpression()})+" "+E.CRC32(require("Storage").read(".bootcde"))+" "+require("Storage").list().filter(function(f){return f==".boot3"||f=="${STAGED_FILE}";}).length);`;
        const out = await board.reflash(OLD, { [STAGED_FILE]: NEW }, `${stoppedAfter(PROMOTION, Math.ceil(STEPS / 2))}\n${report}`);
        assert.match(out, new RegExp(`settled erased ${digestOf(Buffer.from(NEW, "latin1")).crc} 0`), out);
      });
    });

    it("control: without the repair file, a cut in the middle of the copy boots nothing", async () => {
      await onBoard(async (board) => assert.equal((await cutAndBoot(board, PROMOTION.slice(1), Math.ceil(STEPS / 2), 3)).outcome, "nothing"));
    });
  });
});
