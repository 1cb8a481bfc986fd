// The bench rig with a native-USB DUT (board.serial "USB", the Espruino Pico), without hardware: the
// DUT's pty link disappears when the fake observer cuts its supply and reappears a little later after
// power-on, as a Pico's USB port does. The rig must close the port at power-off, reopen it within its
// deadline, and confirm the restart even when the "!BOOT" line was sent before the port was open.
// Real time over socat ptys; each test stays under a second or two.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { SerialPort } from "serialport";
import type { BoardFile } from "../../boards/types.ts";
import type { Rig } from "../../rig/types.ts";
import { bootDut } from "../support/dut.ts";
import { createBenchRig } from "../../rig/bench/bench-rig.ts";
import { fakeDevice, ptyPair, stopPair, type PtyPair } from "./pty-fakes.ts";

/** A DUT whose serial port exists only while it is powered. */
class FakeUsbDut {
  pair?: PtyPair;
  port?: SerialPort;
  private startedMs = 0;
  /** Added to the uptime it reports: a large value models a DUT that never lost power. */
  extraUptimeMs = 0;
  /** Replies to STATUS are withheld this many times (a board still starting its JS). */
  silentStatuses = 0;
  statusCount = 0;
  /**
   * Whether it prints "!BOOT" at once. Whether the rig has the port open by then is a race (as on a
   * real Pico), so tests of the STATUS path turn it off to be deterministic.
   */
  sendsBoot = true;

  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, "dut-near");
  }

  async plugIn(): Promise<void> {
    this.pair = await ptyPair(this.dir, "dut");
    this.startedMs = performance.now();
    this.port = await fakeDevice(this.pair.far, (line, send) => {
      if (line === "STATUS") {
        this.statusCount++;
        if (this.silentStatuses-- > 0) return;
        send(`OK STATUS state=waiting attempts=0 uptime=${Math.round(performance.now() - this.startedMs) + this.extraUptimeMs}\n`);
      } else if (line.startsWith("BEAT")) send("OK BEAT left=1000 state=armed\n");
    });
    if (this.sendsBoot) this.port.write("!BOOT fw=0 board=fake boots=1 attempts=0 corrupt=0\n");
  }

  async unplug(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise((r) => port.close(r));
    if (this.pair) await stopPair(this.pair);
    this.pair = undefined;
  }
}

describe("bench rig with a native-USB DUT (port vanishes with its supply)", function () {
  this.timeout(15000);
  let dir: string;
  let obs: PtyPair;
  let observerPort: SerialPort;
  let dut: FakeUsbDut;
  let rig: Rig | undefined;
  /** How long the fake DUT's port takes to reappear after PWR 1 (USB enumeration), ms. */
  let enumerateMs = 150;
  /** With false, the port never reappears. */
  let comesBack = true;
  /** The fake's plug/unplug work, awaited before the next step and at the end. */
  let pending: Promise<void> = Promise.resolve();
  const observerUs = (): number => Math.round(performance.now() * 1000);

  beforeEach(async () => {
    enumerateMs = 150;
    comesBack = true;
    dir = mkdtempSync(join(tmpdir(), "banken-bench-usb-"));
    dut = new FakeUsbDut(dir);
    obs = await ptyPair(dir, "obs");
    observerPort = await fakeDevice(obs.far, (line, send) => {
      if (line === "PING") send("PONG\n");
      else if (line === "TIME") send(`T ${observerUs()}\n`);
      else if (line === "READ") send(`L 1 1 0 ${observerUs()}\n`);
      else if (line === "PWR 0") {
        send(`P 0 ${observerUs()}\n`);
        pending = pending.then(() => dut.unplug());
      } else if (line === "PWR 1") {
        send(`P 1 ${observerUs()}\n`);
        pending = pending.then(async () => {
          await new Promise((r) => setTimeout(r, enumerateMs));
          if (comesBack) await dut.plugIn();
        });
      } else send(`ERR ${line}\n`);
    });
  });

  afterEach(async () => {
    await rig?.close();
    rig = undefined;
    await pending;
    await dut.unplug();
    await new Promise((r) => observerPort.close(r));
    await stopPair(obs);
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (usbBackLimitMs = 2000): Promise<Rig> =>
    createBenchRig({
      board: { id: "fake-usb", serial: "USB", relay: { activeLow: true }, led: { activeLow: false } } as unknown as BoardFile,
      dutPath: dut.path,
      observerPath: obs.near,
      tolerance: { timingMs: 50, replyMs: 300 },
      initialSyncs: 2,
      usbBackLimitMs,
      usbRetryMs: 20,
    });

  it("opens with the DUT unpowered and its port absent, then reopens the port after each power-on", async () => {
    rig = await open();
    for (let cycle = 0; cycle < 4; cycle++) {
      // Odd cycles: the !BOOT line is lost, so only the STATUS proof can confirm the start.
      dut.sendsBoot = cycle % 2 === 0;
      const boot = await bootDut(rig);
      assert.match(boot, dut.sendsBoot ? /^(!BOOT |OK STATUS .*uptime=)/ : /^OK STATUS .*uptime=/, `cycle ${cycle}: the start is confirmed`);
      assert.match(await rig.request("BEAT"), /^OK BEAT/, `cycle ${cycle}: the reopened port carries requests`);
      await rig.powerDut(false);
      await pending;
      await assert.rejects(rig.request("STATUS"), { name: "BenchError", message: /USB port .* is gone while the DUT is unpowered/ });
      await rig.wait(20);
    }
  });

  it("confirms the start by STATUS uptime when the board answers only after a few tries", async () => {
    rig = await open();
    dut.sendsBoot = false;
    dut.silentStatuses = 3;
    const before = dut.statusCount;
    await rig.powerDut(true);
    assert.ok(dut.statusCount - before >= 4, `STATUS asked ${dut.statusCount - before} times`);
  });

  it("fails clearly when the DUT did not restart (uptime longer than the time since power-on)", async () => {
    rig = await open();
    dut.sendsBoot = false;
    dut.extraUptimeMs = 60000;
    await assert.rejects(rig.powerDut(true), { name: "BenchError", message: /did not restart: STATUS says uptime=6\d{4} ms/ });
  });

  it("fails clearly when the port does not come back by the deadline", async () => {
    rig = await open(400);
    comesBack = false;
    const before = rig.now();
    await assert.rejects(rig.powerDut(true), { name: "BenchError", message: /USB port .*dut-near did not come back within 400 ms of power-on/ });
    assert.ok(rig.now() - before < 1500, "bounded by the deadline");
  });

  it("reopens a port that vanishes while powered (the chip restarted itself) instead of failing the run", async () => {
    rig = await open();
    await bootDut(rig);
    // The chip resets on its own: its USB port drops and comes back.
    await dut.unplug();
    await new Promise((r) => setTimeout(r, enumerateMs));
    await dut.plugIn();
    await rig.wait(50);
    assert.match(await rig.request("STATUS"), /^OK STATUS .*uptime=\d+$/);
  });
});
