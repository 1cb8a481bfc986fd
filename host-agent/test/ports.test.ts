import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { run } from "../src/commands/ports.ts";
import { listPorts } from "../src/ports/list.ts";
import type { ProbeResult } from "../src/ports/probe.ts";
import { FakeMachine } from "./ports-tree.ts";

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function typicalMachine(): FakeMachine {
  const m = new FakeMachine();
  m.usbTty({ usb: "1-2", tty: "ttyUSB0", vendorId: "10c4", productId: "ea60", serial: "0001", product: "CP2102 USB to UART", driver: "cp210x" });
  m.usbTty({ usb: "1-3", tty: "ttyUSB1", vendorId: "1a86", productId: "7523", product: "USB Serial", driver: "ch341-uart" });
  m.usbTty({ usb: "1-4", tty: "ttyACM0", vendorId: "0483", productId: "5740", serial: "8D8A37", driver: "cdc_acm", acm: true });
  m.plainTty("ttyS0", true);
  m.plainTty("tty1", false);
  m.devLink("serial/by-id/usb-Silicon_Labs_CP2102_USB_to_UART_0001-if00-port0", "ttyUSB0");
  m.devLink("serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0", "ttyUSB0");
  m.devLink("serial/by-id/usb-1a86_USB_Serial-if00-port0", "ttyUSB1");
  m.devLink("serial/by-path/pci-0000:00:14.0-usb-0:3:1.0-port0", "ttyUSB1");
  m.devLink("serial/by-id/usb-STMicroelectronics_Espruino_8D8A37-if00", "ttyACM0");
  m.devLink("banken", "ttyACM0");
  return m;
}

describe("banken ports: listing from sysfs and /dev/serial", () => {
  let m: FakeMachine;
  beforeEach(() => (m = typicalMachine()));
  afterEach(() => rmSync(m.root, { recursive: true, force: true }));

  it("lists only USB-backed ttys, with identity, driver and bridge kind", async () => {
    const { ports } = await listPorts(m.roots);
    assert.deepEqual(
      ports.map((p) => [p.device, p.bridge, p.vendorId, p.productId, p.serialNumber, p.driver, p.usbInterface]),
      [
        [join(m.roots.dev, "ttyACM0"), "espruino-pico", "0483", "5740", "8D8A37", "cdc_acm", "1-4:1.0"],
        [join(m.roots.dev, "ttyUSB0"), "cp210x", "10c4", "ea60", "0001", "cp210x", "1-2:1.0"],
        [join(m.roots.dev, "ttyUSB1"), "ch340", "1a86", "7523", undefined, "ch341-uart", "1-3:1.0"],
      ],
    );
  });

  it("recommends /dev/banken, then by-id, and by-path for a CH340 without serial number", async () => {
    const { ports, notes } = await listPorts(m.roots);
    const stable = Object.fromEntries(ports.map((p) => [p.device.slice(m.roots.dev.length + 1), p.stablePath.slice(m.roots.dev.length + 1)]));
    assert.deepEqual(stable, {
      ttyACM0: "banken",
      ttyUSB0: "serial/by-id/usb-Silicon_Labs_CP2102_USB_to_UART_0001-if00-port0",
      ttyUSB1: "serial/by-path/pci-0000:00:14.0-usb-0:3:1.0-port0",
    });
    assert.equal(ports.find((p) => p.isBanken)?.device, join(m.roots.dev, "ttyACM0"));
    assert.ok(notes.some((n) => n.includes("CH340") && n.includes("by-path")), notes.join("\n"));
  });

  it("notes brltty when it runs and a CH340/CP210x has no tty", async () => {
    m.usbDevice("1-5", "1a86", "7523");
    m.process(812, "brltty");
    m.process(813, "bash");
    const { notes } = await listPorts(m.roots);
    assert.ok(notes.some((n) => n.includes("1-5") && n.includes("brltty is running")), notes.join("\n"));
  });

  it("notes a bridge without tty even when brltty is not seen, and no brltty otherwise", async () => {
    m.usbDevice("1-6", "10c4", "ea60");
    const { notes } = await listPorts(m.roots);
    assert.ok(notes.some((n) => n.includes("1-6") && n.includes("cp210x bridge with no tty")), notes.join("\n"));
    assert.ok(!notes.some((n) => n.includes("brltty")), notes.join("\n"));
  });

  it("returns nothing, without throwing, when sysfs and /dev/serial are missing", async () => {
    const report = await listPorts({ sys: join(m.root, "nosys"), dev: join(m.root, "nodev"), proc: join(m.root, "noproc") });
    assert.deepEqual(report, { ports: [], notes: [] });
  });
});

describe("banken ports: the command", () => {
  let m: FakeMachine;
  beforeEach(() => (m = typicalMachine()));
  afterEach(() => rmSync(m.root, { recursive: true, force: true }));

  const fakeProbe = async (path: string): Promise<ProbeResult> =>
    path.endsWith("ttyACM0") ? { verdict: "banken", detail: "OK HELLO proto=1 fw=0.1.0 board=pico" } : { verdict: "silent", detail: "no answer within 50 ms" };

  it("--json gives every port with its probe verdict", async () => {
    const stdout = new Sink();
    const code = await run(["--json", "--probe-ms", "50"], { stdout, stderr: new Sink(), portRoots: m.roots, prober: fakeProbe });
    assert.equal(code, 0);
    const parsed = JSON.parse(stdout.text) as { ports: { device: string; probe: ProbeResult }[]; notes: string[] };
    assert.deepEqual(
      parsed.ports.map((p) => [p.device.slice(m.roots.dev.length + 1), p.probe.verdict]),
      [["ttyACM0", "banken"], ["ttyUSB0", "silent"], ["ttyUSB1", "silent"]],
    );
  });

  it("prints a human listing; --no-probe never opens a port", async () => {
    const stdout = new Sink();
    let probes = 0;
    const code = await run(["--no-probe"], {
      stdout,
      stderr: new Sink(),
      portRoots: m.roots,
      prober: async () => {
        probes += 1;
        return { verdict: "silent", detail: "" };
      },
    });
    assert.equal(code, 0);
    assert.equal(probes, 0);
    assert.match(stdout.text, /serial\/by-path\/pci-0000:00:14\.0-usb-0:3:1\.0-port0\n {2}device .*ttyUSB1 {2}ch340 1a86:7523 no serial {2}"USB Serial"/);
    assert.match(stdout.text, /also .*serial\/by-id\/usb-1a86_USB_Serial-if00-port0/);
    assert.match(stdout.text, /note: CH340 bridges have no serial number/);
  });

  it("rejects an unknown option and a bad --probe-ms as usage errors", async () => {
    const ctx = { stdout: new Sink(), stderr: new Sink(), portRoots: m.roots };
    await assert.rejects(run(["--frobnicate"], ctx), { name: "AgentError", kind: "usage" });
    await assert.rejects(run(["--probe-ms", "0"], ctx), { name: "AgentError", kind: "usage" });
  });
});

describe("banken ports: serialport's list()", () => {
  let m: FakeMachine;
  beforeEach(() => (m = typicalMachine()));
  afterEach(() => rmSync(m.root, { recursive: true, force: true }));

  it("survives the asynchronous ENOENT of a missing udevadm and falls back to sysfs", async () => {
    const noUdevadm = () => new Promise<never>((_resolve, reject) => setImmediate(() => reject(Object.assign(new Error("spawn udevadm ENOENT"), { code: "ENOENT" }))));
    const report = await listPorts(m.roots, noUdevadm);
    assert.equal(report.ports.length, 3);
  });

  it("adds what sysfs missed and fills a missing manufacturer", async () => {
    const lister = async () => [
      { path: "/dev/ttyUSB0", manufacturer: "Silicon Labs", serialNumber: "0001", pnpId: undefined, locationId: undefined, vendorId: "10c4", productId: "ea60" },
      { path: "/dev/ttyUSB9", manufacturer: "FTDI", serialNumber: "A1", pnpId: undefined, locationId: undefined, vendorId: "0403", productId: "6001" },
    ];
    const { ports } = await listPorts(m.roots, lister);
    assert.equal(ports.find((p) => p.device.endsWith("ttyUSB0"))?.manufacturer, "Silicon Labs");
    assert.equal(ports.find((p) => p.device.endsWith("ttyUSB9"))?.bridge, "ftdi");
  });

  it("the real list() on this machine resolves or is caught (never an unhandled rejection)", async () => {
    const { serialportList } = await import("../src/ports/library-list.ts");
    const report = await listPorts(m.roots, serialportList);
    assert.ok(report.ports.length >= 3);
  });
});
