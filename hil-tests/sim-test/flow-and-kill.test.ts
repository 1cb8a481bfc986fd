// Two start-up facts the firmware relies on: the ESP32 console UART starts with XON/XOFF on (a busy
// board then sends XOFF/XON into its output) until Serial1.setup(baud, { flow: "none" }); and
// E.on('kill') runs before reset()/load()/E.reboot(), but not when the interpreter's watchdog bites.
import assert from "node:assert/strict";
import pico from "../../boards/pico.ts";
import { MOVED_TO_LOOPBACK, bootBoard, evalOn } from "./helpers.ts";

const READ_DATA = `Serial1.on("data", function () {}); LoopbackB.on("data", function () {}); E.setConsole(LoopbackA, { force: true });`;

describe("sim: serial flow control and the kill event", () => {
  it("ESP32, flow left on: a host flooding a busy board gets XOFF, then XON once it drains", () => {
    const t = bootBoard(READ_DATA);
    t.board.hang(200);
    t.board.hostWrite("x".repeat(1000));
    t.clock.advance(150);
    assert.equal(t.output(), `${MOVED_TO_LOOPBACK}\x13`, "XOFF while the input queue is full");
    t.clock.advance(100);
    assert.equal(t.output(), `${MOVED_TO_LOOPBACK}\x13\x11`, "XON after the busy spell");
  });

  it("ESP32 after Serial1.setup(baud, { flow: 'none' }) and a native-USB Pico: no flow bytes ever", () => {
    const esp = bootBoard(`${READ_DATA} Serial1.setup(115200, { flow: "none" });`);
    const usb = bootBoard(`USB.on("data", function () {}); LoopbackB.on("data", function () {}); E.setConsole(LoopbackA, { force: true });`, { board: pico });
    for (const t of [esp, usb]) {
      t.board.hang(200);
      t.board.hostWrite("x".repeat(1000));
      t.clock.advance(300);
      assert.equal(t.output(), MOVED_TO_LOOPBACK);
    }
  });

  it("E.on('kill') runs before reset(), load() and E.reboot(), not on a watchdog reset", () => {
    const bundle = `E.on("kill", function () { Serial1.write("kill\\n"); });`;
    for (const how of ["load", "reset"] as const) {
      const t = bootBoard(bundle);
      t.board.restartInterpreter(how);
      assert.equal(t.output(), "kill\n", how);
    }
    const rebooted = bootBoard(bundle);
    evalOn(rebooted.board, "E.reboot()");
    rebooted.clock.advance(1);
    assert.equal(rebooted.output(), "kill\n", "E.reboot()");
    const bitten = bootBoard(`${bundle} E.enableWatchdog(1, false);`);
    bitten.clock.advance(1500);
    assert.deepEqual(bitten.board.starts.map((s) => s.kind), ["power-on", "watchdog"]);
    assert.equal(bitten.output(), "", "no kill event on a watchdog reset");
  });
});
