// The build refuses board files whose relay or power pin is not quiet while the chip boots.
import assert from "node:assert/strict";
import { bootQuietOutputs, CHIPS } from "../../boards/chips.ts";
import esp32 from "../../boards/esp32.ts";
import esp8266 from "../../boards/esp8266.ts";
import observer from "../../boards/observer-esp32.ts";
import pico from "../../boards/pico.ts";
import type { BoardFile } from "../../boards/types.ts";
import { checkBoard, checkObserver } from "../board-check.ts";

function withRelay(board: BoardFile, pin: string): BoardFile {
  return { ...board, relay: { ...board.relay, pin } };
}

describe("board check", () => {
  for (const board of [esp32, pico, esp8266]) {
    it(`accepts the shipped ${board.id} board file`, () => {
      assert.deepEqual(checkBoard(board), []);
    });
  }

  it("accepts the shipped observer board file", () => {
    assert.deepEqual(checkObserver(observer), []);
  });

  const refused: [BoardFile, string, RegExp][] = [
    [esp32, "D14", /D14 is not quiet at boot: .*toggling/],
    [esp32, "D1", /D1 is not quiet at boot: .*toggling.*boot log/],
    [esp32, "D12", /strapping pin/],
    [esp32, "D0", /strapping pin/],
    [esp32, "D4", /weak pull-down at boot/],
    [esp32, "D35", /input only/],
    [esp32, "D7", /flash/],
    [esp8266, "D2", /strapping pin/],
    [esp8266, "D16", /high during boot/],
    [esp8266, "D3", /toggling/],
    [esp8266, "D15", /strapping pin/],
    [pico, "B3", /toggling during boot/],
    [pico, "A14", /weak pull-down/],
    [pico, "Z9", /not a known pin/],
  ];
  for (const [board, pin, message] of refused) {
    it(`refuses ${pin} as the relay pin of ${board.id}`, () => {
      const problems = checkBoard(withRelay(board, pin));
      assert.ok(problems.some((p) => message.test(p)), JSON.stringify(problems));
    });
  }

  it("refuses a power pin that is not quiet", () => {
    const problems = checkBoard({ ...esp32, power: { ...esp32.relay, pin: "D15" } });
    assert.ok(problems.some((p) => /^power pin D15 is not quiet/.test(p)), JSON.stringify(problems));
  });

  it("refuses a pull resistor on the wrong side of the idle level", () => {
    const problems = checkBoard({ ...esp32, relay: { ...esp32.relay, pull: "down" } });
    assert.ok(problems.some((p) => /needs an external pull-up/.test(p)), JSON.stringify(problems));
  });

  it("refuses an active-HIGH relay on a pin Espruino pulls up at start", () => {
    const problems = checkBoard({ ...esp32, relay: { pin: "D25", activeLow: false, pull: "down" } });
    assert.ok(problems.some((p) => /Espruino pulls D25 up/.test(p)), JSON.stringify(problems));
  });

  it("refuses a pin used twice", () => {
    const problems = checkBoard({ ...esp32, led: { ...esp32.led, pin: esp32.relay.pin } });
    assert.ok(problems.some((p) => /used twice/.test(p)), JSON.stringify(problems));
  });

  it("refuses two Pico inputs with the same pin number", () => {
    const problems = checkBoard({ ...pico, forceReset: { ...pico.forceReset!, pin: "A13" } });
    assert.ok(problems.some((p) => /share pin number 13/.test(p)), JSON.stringify(problems));
  });

  it("refuses a watchdog timeout that is not whole seconds", () => {
    assert.ok(checkBoard({ ...esp32, watchdogSeconds: 2.5 }).some((p) => /watchdogSeconds/.test(p)));
  });

  it("lists the dialect reference's safe ESP32 relay pins as boot-quiet for active-LOW relays", () => {
    const quiet = bootQuietOutputs(CHIPS.esp32, true);
    for (const n of [18, 19, 21, 22, 23, 25, 26, 27, 32, 33]) assert.ok(quiet.includes("D" + n), "D" + n);
  });

  it("lists only GPIO4, GPIO5 and 12-14 as boot-quiet on the ESP8266", () => {
    assert.deepEqual(bootQuietOutputs(CHIPS.esp8266, true).sort(), ["D12", "D13", "D14", "D4", "D5"]);
  });
});
