// The bench rig without hardware: its parsing and clock alignment as pure functions, then the whole
// rig over two socat pseudo-terminal pairs with a fake DUT and a fake observer on the far ends.
// The pty part runs in real time (that is what a serial port is); it stays under a second.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SerialPort } from "serialport";
import type { Rig } from "../../rig/types.ts";
import { createBenchRig } from "../../rig/bench/bench-rig.ts";
import { ClockAligner } from "../../rig/bench/clock-align.ts";
import { parseObserverLine, readLevels, replyMicros } from "../../rig/bench/observer-lines.ts";
import { activeLevel, signalOf } from "../../rig/bench/polarity.ts";
import { fakeDevice, ptyPair, type PtyPair } from "./pty-fakes.ts";
import type { BoardFile } from "../../boards/types.ts";

describe("bench rig: observer lines", () => {
  it("parses edge reports, READY and replies", () => {
    assert.deepEqual(parseObserverLine("E relay 0 123456789\r"), { kind: "edge", line: "relay", raw: 0, us: 123456789 });
    assert.deepEqual(parseObserverLine("E power 1 5"), { kind: "edge", line: "power", raw: 1, us: 5 });
    assert.deepEqual(parseObserverLine("E relay 2 5"), { kind: "reply", line: "E relay 2 5" });
    assert.deepEqual(parseObserverLine("E relay 1 1e9"), { kind: "reply", line: "E relay 1 1e9" });
    assert.deepEqual(parseObserverLine("READY esp32"), { kind: "ready", id: "esp32" });
    assert.deepEqual(parseObserverLine("PONG"), { kind: "reply", line: "PONG" });
    assert.equal(parseObserverLine("  "), undefined);
  });

  it("reads the microsecond stamp and the READ levels", () => {
    assert.equal(replyMicros("T 1234567"), 1234567);
    assert.equal(replyMicros("P 1 42"), 42);
    assert.equal(replyMicros("PONG"), undefined);
    assert.deepEqual(readLevels("L 1 0 1 77"), { relay: 1, power: 0, led: 1 });
    assert.equal(readLevels("L 1 0 77"), undefined);
  });

  it("maps raw levels to active ones: relay at the contact (0 = closed), LED by the board file", () => {
    const board = { relay: { activeLow: false }, led: { activeLow: false } } as unknown as BoardFile;
    assert.equal(activeLevel(board, "relay", 0, "contact"), 1);
    assert.equal(activeLevel(board, "relay", 0, "input"), 0);
    assert.equal(activeLevel(board, "led", 1, "contact"), 1);
    assert.equal(activeLevel(board, "power", 0, "contact"), undefined, "no power pin on this board");
    assert.equal(signalOf("power"), "powerRelay");
  });
});

describe("bench rig: clock alignment", () => {
  it("maps observer µs to rig ms through the tightest round trip", () => {
    const a = new ClockAligner();
    assert.throws(() => a.toRigMs(0), /not aligned/);
    a.add({ sentMs: 100, receivedMs: 110, observerUs: 5_000_000 }); // midpoint 105, ±5
    a.add({ sentMs: 200, receivedMs: 202, observerUs: 5_101_000 }); // midpoint 201, ±1: wins
    assert.equal(a.uncertaintyMs(), 1);
    assert.equal(a.toRigMs(5_101_000), 201);
    assert.equal(a.toRigMs(5_111_500), 211.5);
  });

  it("fits a 100 ppm drift once the samples span long enough", () => {
    const a = new ClockAligner();
    const observerUsAt = (rigMs: number): number => Math.round((rigMs * 1.0001 + 7) * 1000);
    for (let t = 0; t <= 60000; t += 5000) a.add({ sentMs: t, receivedMs: t + 2, observerUs: observerUsAt(t + 1) });
    assert.ok(Math.abs(a.rate() - 1.0001) < 1e-7, `rate ${a.rate()}`);
    // 10 minutes after the last sample, the edge still lands within a few µs.
    assert.ok(Math.abs(a.toRigMs(observerUsAt(660000)) - 660000) < 0.01);
  });

  it("ignores rate over a short span, where round-trip noise would dominate", () => {
    const a = new ClockAligner();
    a.add({ sentMs: 0, receivedMs: 2, observerUs: 1000 });
    a.add({ sentMs: 100, receivedMs: 101, observerUs: 200_000 });
    assert.equal(a.rate(), 1);
  });
});

describe("bench rig over pseudo-terminals (fake DUT and observer)", function () {
  this.timeout(10000);
  let dir: string;
  let pairs: PtyPair[] = [];
  let far: SerialPort[] = [];
  let rig: Rig | undefined;
  /** The fake observer's clock runs 2.5 s ahead of the host's, so alignment has work to do. */
  const observerUs = (): number => Math.round((performance.now() + 2500) * 1000);
  let observerSend: (text: string) => void = () => undefined;
  /** PWR commands the fake observer got; with refusePower it answers them with ERR. */
  const powerCommands: string[] = [];
  let refusePower = false;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "banken-bench-"));
    pairs = [await ptyPair(dir, "dut"), await ptyPair(dir, "obs")];
    far = [
      await fakeDevice(pairs[0].far, (line, send) => {
        if (line === "STATUS") send("!WARN left=60000\nOK STATUS state=armed\n");
        else if (line.startsWith("BEAT")) send("OK BEAT left=1000\n");
      }),
      await fakeDevice(pairs[1].far, (line, send) => {
        observerSend = send;
        if (line.startsWith("PWR")) powerCommands.push(line);
        if (line === "PING") send("READY esp32\nPONG\n");
        else if (line === "TIME") send(`T ${observerUs()}\n`);
        else if (line === "READ") send(`L 1 1 0 ${observerUs()}\n`);
        else if ((line === "PWR 1" || line === "PWR 0") && !refusePower) send(`P ${line.slice(4)} ${observerUs()}\n`);
        else send(`ERR ${line}\n`);
      }),
    ];
  });

  afterEach(async () => {
    refusePower = false;
    await rig?.close();
    rig = undefined;
    for (const p of far) await new Promise((r) => p.close(r));
    for (const p of pairs) p.socat.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (): Promise<Rig> =>
    createBenchRig({
      board: { id: "fake", relay: { activeLow: true }, led: { activeLow: false } } as unknown as BoardFile,
      dutPath: pairs[0].near,
      observerPath: pairs[1].near,
      tolerance: { timingMs: 50, replyMs: 300 },
      initialSyncs: 3,
    });

  it("opens both ports (ENOTTY on DTR/RTS tolerated), skips unsolicited lines and records every line", async () => {
    rig = await open();
    assert.equal(await rig.request("STATUS"), "OK STATUS state=armed");
    assert.deepEqual(rig.lines().map((l) => l.line), ["!WARN left=60000", "OK STATUS state=armed"]);
    assert.ok(rig.lines()[0].t <= rig.now());
  });

  it("reports a missing reply as a clear error after the deadline", async () => {
    rig = await open();
    const before = rig.now();
    await assert.rejects(rig.request("SILENT", 150), { name: "BenchError", message: 'no reply from the DUT to "SILENT" within 150 ms' });
    // libuv times a 150 ms timer from the loop's cached start-of-iteration time, so measured from
    // a fresh clock read it can fire up to 1 ms early.
    assert.ok(rig.now() - before >= 149, `gave up after ${rig.now() - before} ms`);
  });

  it("places observer edges on rig time through the aligned clock", async () => {
    rig = await open();
    const r = rig;
    const atRigMs = r.now();
    // Contact closes (0), bounces once, opens (1) 10 ms later.
    // One base stamp: separate observerUs() calls would drift apart by the microseconds between them.
    const us = observerUs();
    observerSend(`E relay 0 ${us}\nE relay 1 ${us + 100}\nE relay 0 ${us + 200}\nE relay 1 ${us + 10000}\n`);
    for (let i = 0; i < 100 && r.edges().filter((e) => e.signal === "relay").length < 4; i++) await r.wait(5);
    const relay = r.edges().filter((e) => e.signal === "relay");
    assert.deepEqual(relay.map((e) => e.level), [1, 0, 1, 0]);
    // pty round trips are sub-millisecond; 5 ms leaves room for a loaded CI machine.
    assert.ok(Math.abs(relay[0].t - atRigMs) < 5, `edge at ${relay[0].t}, sent at ${atRigMs}`);
    assert.ok(Math.abs(relay[3].t - relay[0].t - 10) < 0.01);
  });

  it("switches DUT power through the observer and records the power edge at the observer's stamp", async () => {
    rig = await open();
    const before = rig.now();
    await rig.powerDut(true);
    const power = rig.edges().filter((e) => e.signal === "power");
    assert.equal(power.length, 1);
    assert.equal(power[0].level, 1);
    assert.ok(power[0].t >= before - 5 && power[0].t <= rig.now() + 5);
  });

  it("starts from the levels READ reports (relay contact open, LED off: no edges), the DUT switched off", async () => {
    rig = await open();
    assert.deepEqual(rig.edges(), []);
    assert.ok(powerCommands.includes("PWR 0"), "the rig switches the DUT off at open, as the simulation starts it");
  });

  it("reports an observer error reply as a clear error", async () => {
    rig = await open();
    refusePower = true;
    await assert.rejects(rig.powerDut(false), { name: "BenchError", message: 'observer refused "PWR 0": ERR PWR 0' });
  });
});
