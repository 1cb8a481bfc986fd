// The launcher on the real interpreter (ESPRUINO_BIN; skipped without it): flash written in one
// run and checked byte for byte, Serial1 on the pty, pin edges stamped by the interpreter's clock,
// kill -9 as a power cut and the restart on the same flash file, and the stdin probe.
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { LinePort } from "../../rig/bench/line-port.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { EspruinoBoard, jsString } from "../../rig/espruino/interpreter.ts";
import type { PinWrite, ShimRecord } from "../../rig/espruino/records.ts";
import { boot0Shim, STDIN } from "../../rig/espruino/shim.ts";

/** Counts its boots in Storage, answers each line on Serial1 and drives pins the four ways the shim records. */
const BUNDLE = [
  'var n=(require("Storage").read("boots")||"0")*1+1;require("Storage").write("boots",""+n);',
  'E.setConsole(LoopbackA,{force:true});Serial1.setup(115200,{flow:"none"});',
  'Serial1.write("!BOOT n="+n+" x="+require("Storage").read("x")+"\\n");',
  'Serial1.on("data",function(d){if(d=="save\\n"){require("Storage").write("x","0123456789");return;}',
  'digitalWrite("D25",0);D26.set();digitalWrite([D27,D14],2);digitalPulse(D32,1,[5,5]);Serial1.write("got "+d.length+"\\n");});',
].join("\n");

const epochNow = (): number => performance.timeOrigin + performance.now();

describe("espruino launcher (real interpreter)", function () {
  this.timeout(20000);
  let bin: string | undefined;
  let esp: EspruinoBoard | undefined;
  let port: LinePort | undefined;
  const lines: Array<{ line: string; atMs: number }> = [];
  const records: ShimRecord[] = [];

  before(function () {
    bin = espruinoBin();
    if (bin === undefined) {
      this.test!.parent!.title += ` [skipped: ${NO_INTERPRETER}]`;
      this.skip();
    }
  });

  beforeEach(async () => {
    lines.length = 0;
    records.length = 0;
    esp = await EspruinoBoard.create({ bin: bin! });
    esp.onRecord((r) => records.push(r));
    await esp.writeFlash({ ".boot0": boot0Shim({ serialPath: esp.serial.board }), ".bootcde": BUNDLE });
    port = await LinePort.open({ path: esp.serial.host, now: epochNow, onLine: (line, atMs) => lines.push({ line, atMs }), onError: () => {} });
  });

  afterEach(async () => {
    await port?.close();
    await esp?.dispose();
  });

  async function until(what: string, done: () => boolean, limitMs = 5000): Promise<void> {
    const end = Date.now() + limitMs;
    while (!done()) {
      assert.ok(Date.now() < end, `timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it("boots the flash, answers on Serial1, and stamps every pin edge between request and reply", async () => {
    await esp!.powerOn();
    await until("!BOOT", () => lines.some((l) => l.line.startsWith("!BOOT n=1 ")));
    const sentMs = epochNow();
    await port!.write("hello\n");
    await until("the reply", () => lines.some((l) => l.line === "got 6"));
    const replyMs = lines.find((l) => l.line === "got 6")!.atMs;
    const writes = records.filter((r): r is PinWrite => r.kind === "write");
    assert.deepEqual(
      writes.map((w) => `${w.pin}=${w.level}`),
      ["D25=0", "D26=1", "D27=1", "D14=0", "D32=1", "D32=0", "D32=1"],
    );
    for (const w of writes.slice(0, 5)) assert.ok(w.epochMs >= sentMs && w.epochMs <= replyMs, `${w.pin} stamped ${w.epochMs - sentMs} ms after the request, reply at ${replyMs - sentMs} ms`);
    assert.equal(Math.round(writes[6].epochMs - writes[4].epochMs), 10, "digitalPulse's edges 5 ms apart");
  });

  it("kill -9 is a power cut: the restart runs on the same flash file", async () => {
    for (let boot = 1; boot <= 3; boot++) {
      await esp!.powerOn();
      await until(`boot ${boot}`, () => lines.some((l) => l.line.startsWith(`!BOOT n=${boot} `)));
      await esp!.powerOff();
      assert.equal(esp!.running, false);
    }
  });

  it("the stdin probe reads process.memory() and E.getErrorFlags() without touching Serial1", async () => {
    await esp!.powerOn();
    await until("!BOOT", () => lines.some((l) => l.line.startsWith("!BOOT n=1 ")));
    const probe = await esp!.probe();
    assert.ok(probe.usage > 42 && probe.usage < probe.total, `usage ${probe.usage} of ${probe.total}`);
    assert.deepEqual(probe.errorFlags, []);
    assert.equal(lines.length, 1, "nothing but !BOOT on the heartbeat port");
  });

  it("a torn save leaves half the record in flash (the rest erased), as a power cut mid-write does", async () => {
    await esp!.powerOn();
    await until("!BOOT", () => lines.some((l) => l.line.startsWith("!BOOT n=1 ")));
    esp!.send(STDIN.tear);
    await port!.write("save\n");
    await until("the torn record", () => records.some((r) => r.kind === "torn" && r.name === "x"));
    await esp!.powerOff();
    await esp!.powerOn();
    await until("the next boot", () => lines.some((l) => l.line.startsWith("!BOOT n=2 ")));
    assert.equal(lines.find((l) => l.line.startsWith("!BOOT n=2 "))!.line, "!BOOT n=2 x=01234\xff\xff\xff\xff\xff");
  });

  it("load() on request restarts the JS from flash without a power cut", async () => {
    await esp!.powerOn();
    await until("!BOOT", () => lines.some((l) => l.line.startsWith("!BOOT n=1 ")));
    esp!.send(STDIN.load);
    await until("the second boot", () => lines.some((l) => l.line.startsWith("!BOOT n=2 ")));
    assert.equal(esp!.running, true);
  });

  it("writes every byte value into flash as it is (checked by E.CRC32)", async () => {
    let all = "";
    for (let c = 0; c < 256; c++) all += String.fromCharCode(c);
    await esp!.writeFlash({ bytes: all, quote: jsString(all) });
  });
});

