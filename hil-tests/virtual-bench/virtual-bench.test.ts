// The virtual bench on the real interpreter (ESPRUINO_BIN; skipped without it): the observer shim
// fires setWatch callbacks as a board does, and the whole bench (the built DUT and observer bundles)
// carries a relay pulse to the observer's E lines with the DUT's own timestamps, and turns PWR 0/1
// into a power cut and a restart on the same flash, with no interpreter error flag raised; a
// native-USB DUT's port exists only while it is powered.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { LinePort } from "../../rig/bench/line-port.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { EspruinoBoard } from "../../rig/espruino/interpreter.ts";
import { boot0Shim } from "../../rig/espruino/shim.ts";
import { field } from "../support/scenario.ts";
import { observerShim, wireLine } from "./observer-shim.ts";
import { startVirtualBench } from "./serve.ts";
import type { VirtualBench } from "./virtual-bench.ts";

const epochNow = (): number => performance.timeOrigin + performance.now();

async function until(what: string, done: () => boolean, limitMs = 5000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!done()) {
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Watches D18 both ways (repeat) and D19 falling once; prints each event and D18's level on stdout. */
const WATCHER = [
  'E.setConsole(LoopbackA,{force:true});',
  'function show(tag,e){USB.write("WATCH "+tag+" "+e.state+" "+e.time+" "+e.lastTime+" "+e.pin+" "+digitalRead("D18")+"\\n");}',
  'setWatch(function(e){show("a",e);},"D18",{repeat:true,edge:"both"});',
  'setWatch(function(e){show("b",e);},"D19",{repeat:false,edge:"falling"});',
  'USB.write("WATCHING\\n");',
].join("\n");

function skipWithoutInterpreter(ctx: Mocha.Context): string {
  const bin = espruinoBin();
  if (bin === undefined) {
    ctx.test!.title += ` [skipped: ${NO_INTERPRETER}]`;
    ctx.skip();
  }
  return bin!;
}

describe("virtual bench: the observer's setWatch on the real interpreter", function () {
  this.timeout(20000);
  let esp: EspruinoBoard | undefined;

  afterEach(async () => {
    await esp?.dispose();
  });

  it("fires {state, time, lastTime, pin} from wire lines, drops a repeated line, keeps edge and repeat", async function () {
    const bin = skipWithoutInterpreter(this);
    esp = await EspruinoBoard.create({ bin });
    const out: string[] = [];
    esp.onOutput((line) => out.push(line.replace(/^.*?(WATCH)/, "$1")));
    await esp.writeFlash({ ".boot0": boot0Shim({ serialPath: esp.serial.board, extra: observerShim({ D18: 1, D19: 1 }) }), ".bootcde": WATCHER });
    await esp.powerOn();
    await until("the watcher to start", () => out.includes("WATCHING"));
    esp.send(wireLine(1, "D18", 0, 100.25));
    esp.send(wireLine(1, "D18", 0, 100.25));
    esp.send(wireLine(2, "D19", 1, 100.375));
    esp.send(wireLine(3, "D18", 1, 100.5));
    esp.send(wireLine(4, "D19", 0, 100.625));
    esp.send(wireLine(5, "D19", 1, 100.75));
    esp.send(wireLine(6, "D19", 0, 100.875));
    await until("three watch events", () => out.filter((l) => l.startsWith("WATCH ")).length >= 3);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      out.filter((l) => l.startsWith("WATCH ")),
      [
        "WATCH a false 100.25 undefined D18 0",
        "WATCH a true 100.5 100.25 D18 1",
        // D19's first change (rising) is not its edge but still sets lastTime; the watch fires once.
        "WATCH b false 100.625 100.375 D19 1",
      ],
    );
  });
});

describe("virtual bench: DUT and observer bundles joined by the wire", function () {
  this.timeout(30000);
  let bench: VirtualBench | undefined;
  let dut: LinePort | undefined;
  let observer: LinePort | undefined;
  const dutLines: string[] = [];
  const observerLines: string[] = [];

  afterEach(async () => {
    await dut?.close();
    await observer?.close();
    await bench?.close();
    dutLines.length = 0;
    observerLines.length = 0;
  });

  async function ask(port: LinePort, lines: string[], request: string, accept: (l: string) => boolean): Promise<string> {
    const from = lines.length;
    await port.write(request + "\n");
    await until(`a reply to ${request}`, () => lines.slice(from).some(accept));
    return lines.slice(from).find(accept)!;
  }

  it("a relay pulse reaches the observer with the DUT's timestamps; PWR 0 kills the DUT, PWR 1 boots it from the same flash", async function () {
    skipWithoutInterpreter(this);
    bench = await startVirtualBench("esp32");
    const b = bench;
    observer = await LinePort.open({ path: b.observerPort, now: epochNow, onLine: (l) => observerLines.push(l), onError: () => {} });
    dut = await LinePort.open({ path: b.dutPort, now: epochNow, onLine: (l) => dutLines.push(l), onError: () => {} });
    assert.equal(await ask(observer, observerLines, "PING", (l) => l === "PONG"), "PONG");
    assert.equal(b.dutPowered, false, "the DUT waits for PWR 1");

    await ask(observer, observerLines, "PWR 1", (l) => l.startsWith("P 1 "));
    await until("!BOOT", () => dutLines.some((l) => l.startsWith("!BOOT ")));
    const boots = field(dutLines.find((l) => l.startsWith("!BOOT "))!, "boots");
    await ask(dut, dutLines, "SET pulseMs=100", (l) => l.startsWith("OK ") || l.startsWith("ERR "));
    await ask(dut, dutLines, "TEST relay confirm=yes", (l) => l.startsWith("OK TEST relay"));
    await until("the contact to close and open", () => observerLines.filter((l) => l.startsWith("E relay ")).length >= 2);
    const edges = observerLines.filter((l) => l.startsWith("E relay ")).map((l) => l.split(" "));
    assert.deepEqual(
      edges.map((e) => e[2]),
      ["0", "1"],
      "closed (pulled to GND), then open",
    );
    const relay = b.delivered.filter((c) => c.pin === "D18");
    // The observer's µs between the two edges is exactly the DUT's, relay delays included.
    const observerUs = Number(edges[1][3]) - Number(edges[0][3]);
    const dutUs = Math.round((relay[1].atSeconds - relay[0].atSeconds) * 1e6);
    assert.ok(Math.abs(observerUs - dutUs) <= 1, `observer ${observerUs} µs, DUT ${dutUs} µs`);

    await ask(observer, observerLines, "PWR 0", (l) => l.startsWith("P 0 "));
    await until("the DUT interpreter to die", () => !b.dutPowered);
    const before = dutLines.length;
    await dut.write("STATUS\n");
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(dutLines.slice(before), [], "an unpowered DUT answers nothing");
    await ask(observer, observerLines, "PWR 1", (l) => l.startsWith("P 1 "));
    await until("the second !BOOT", () => dutLines.slice(before).some((l) => l.startsWith("!BOOT ")));
    assert.equal(field(dutLines.slice(before).find((l) => l.startsWith("!BOOT "))!, "boots"), boots + 1, "counted in the same flash");
    // Neither interpreter ran out of anything (memory, event queue, a callback error).
    assert.deepEqual((await b.probe("observer")).errorFlags, [], "observer E.getErrorFlags()");
    assert.deepEqual((await b.probe("dut")).errorFlags, [], "DUT E.getErrorFlags()");
  });

  it("a native-USB DUT (pico): its port appears at PWR 1 and answers, and is gone after PWR 0", async function () {
    skipWithoutInterpreter(this);
    bench = await startVirtualBench("pico");
    const b = bench;
    observer = await LinePort.open({ path: b.observerPort, now: epochNow, onLine: (l) => observerLines.push(l), onError: () => {} });
    assert.equal(existsSync(b.dutPort), false, "no port while unpowered");
    await ask(observer, observerLines, "PWR 1", (l) => l.startsWith("P 1 "));
    await until("the port to appear", () => existsSync(b.dutPort));
    dut = await LinePort.open({ path: b.dutPort, now: epochNow, onLine: (l) => dutLines.push(l), onError: () => {} });
    // Its !BOOT may have gone out before the port was open, as on a Pico: ask until it answers.
    let status = "";
    let askedAtMs = 0;
    await until("a STATUS reply", () => {
      status = dutLines.find((l) => l.startsWith("OK STATUS")) ?? "";
      if (status === "" && Date.now() - askedAtMs > 100) {
        askedAtMs = Date.now();
        void dut!.write("STATUS\n");
      }
      return status !== "";
    });
    assert.match(status, /board=pico/);
    await dut.close();
    await ask(observer, observerLines, "PWR 0", (l) => l.startsWith("P 0 "));
    await until("the port to vanish", () => !existsSync(b.dutPort));
    assert.deepEqual((await b.probe("observer")).errorFlags, [], "observer E.getErrorFlags()");
  });
});
