// DTR/RTS auto-reset circuit: which port settings restart the DUT.
import assert from "node:assert/strict";
import esp32 from "../../boards/esp32.ts";
import { VirtualClock } from "../../sim/clock.ts";
import { UsbBridge, type BridgeChip, type PortSettings } from "../../sim/electrical/usb-bridge.ts";
import { SimBoard } from "../../sim/espruino/board.ts";

const RECOMMENDED: PortSettings = { hupcl: false, dtr: true, rts: true };
const NAIVE: PortSettings = { hupcl: true };

function cycles(chip: BridgeChip, settings: PortSettings, n: number) {
  const clock = new VirtualClock();
  const board = new SimBoard({ clock, board: esp32, bundle: "", jsStartMs: 600 });
  const bridge = new UsbBridge(clock, chip, { setEnLow: (low) => board.setEnLow(low), io0: board.pin("D0").net });
  board.powerOn();
  clock.advance(1000);
  for (let i = 0; i < n; i++) {
    bridge.openPort(settings);
    clock.advance(1000); // longer than the boot, so every restart shows as an interpreter start
    bridge.closePort();
    clock.advance(100);
  }
  clock.advance(2000);
  return { board, bridge, restarts: board.starts.length - 1 };
}

describe("sim: USB bridge DTR/RTS auto-reset", () => {
  it("cp210x, recommended settings: 100 opens and closes, no restart", () => {
    assert.equal(cycles("cp210x", RECOMMENDED, 100).restarts, 0);
  });

  it("ch340, recommended settings: only the first open after plug-in resets (the chip's RTS pulse)", () => {
    assert.equal(cycles("ch340", RECOMMENDED, 100).restarts, 1);
  });

  it("ch340, naive settings (HUPCL on): every open resets the DUT", () => {
    const r = cycles("ch340", NAIVE, 100);
    assert.equal(r.restarts, 100);
    assert.equal(r.bridge.resets, 100);
    assert.equal(r.board.starts[1].kind, "en-reset");
  });

  it("cp210x, lines set one after the other (DTR off, then RTS off): every open resets the DUT", () => {
    assert.equal(cycles("cp210x", { hupcl: true, dtr: false, rts: false, sequential: true }, 20).restarts, 20);
  });

  it("RTS asserted alone holds the chip in reset while the port is open", () => {
    const clock = new VirtualClock();
    const board = new SimBoard({ clock, board: esp32, bundle: "", jsStartMs: 600 });
    const bridge = new UsbBridge(clock, "cp210x", { setEnLow: (low) => board.setEnLow(low), io0: board.pin("D0").net });
    board.powerOn();
    clock.advance(1000);
    bridge.openPort({ hupcl: false, dtr: false, rts: true });
    clock.advance(5000);
    assert.equal(board.phase(), "reset-held");
  });

  it("DTR asserted alone drives IO0 LOW: a reset then enters the ROM download mode", () => {
    const clock = new VirtualClock();
    const board = new SimBoard({ clock, board: esp32, bundle: "", jsStartMs: 600 });
    const bridge = new UsbBridge(clock, "cp210x", { setEnLow: (low) => board.setEnLow(low), io0: board.pin("D0").net });
    board.powerOn();
    clock.advance(1000);
    bridge.openPort({ hupcl: false, dtr: true, rts: false });
    clock.advance(10);
    board.chipReset("reboot");
    clock.advance(2000);
    assert.equal(board.phase(), "download");
  });

  it("native USB (Pico): the lines change nothing", () => {
    assert.equal(cycles("native", NAIVE, 50).restarts, 0);
  });
});
