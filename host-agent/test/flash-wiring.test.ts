// The wiring drawings in docs/ are drawn from the board files (src/flash/wiring-svg.ts): a pin
// changed in boards/*.ts fails here until the drawings are redrawn with
//   BANKEN_WRITE_DOCS=1 npx mocha host-agent/test/flash-wiring.test.ts
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import esp32 from "../../boards/esp32.ts";
import esp8266 from "../../boards/esp8266.ts";
import pico from "../../boards/pico.ts";
import { pinLabel, wiringSvg } from "../src/flash/wiring-svg.ts";

const DOCS = resolve(import.meta.dirname, "../../docs");

describe("wiring drawings (docs/wiring-*.svg)", () => {
  for (const board of [esp32, pico, esp8266]) {
    it(`docs/wiring-${board.id}.svg is drawn from boards/${board.id}.ts`, () => {
      const path = join(DOCS, `wiring-${board.id}.svg`);
      const svg = wiringSvg(board);
      if (process.env.BANKEN_WRITE_DOCS === "1") writeFileSync(path, svg);
      assert.equal(readFileSync(path, "utf8"), svg, `${path} is stale: redraw it (see this file's header)`);
      for (const out of [board.relay, board.power, board.led]) if (out !== undefined) assert.ok(svg.includes(pinLabel(board, out.pin)), out.pin);
    });
  }

  it("names ESP pins by GPIO number and NodeMCU silkscreen, Pico pins as they are", () => {
    assert.equal(pinLabel(esp32, "D25"), "GPIO25 (D25)");
    assert.equal(pinLabel(esp8266, "D5"), "GPIO5 (D5, silkscreen D1)");
    assert.equal(pinLabel(pico, "B6"), "B6");
  });
});
