// firmware/core and firmware/main.ts may name no Espruino global (eslint.config.js): the rule is
// proven to fire on a fixture linted as if it lived there, and not to fire in firmware/hw/.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { ESLint } from "eslint";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = [
  "export function leak(): number {",
  '  digitalWrite("D25", 1);',
  '  const flash = require("Storage");',
  '  setWatch(function () {}, "D0", { repeat: true });',
  "  E.kickWatchdog();",
  "  Serial1.write(String(flash));",
  "  return getTime();",
  "}",
  "",
].join("\n");
const NAMED = ["digitalWrite", "require", "setWatch", "E", "Serial1", "getTime"];

async function restrictedGlobals(filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(FIXTURE, { filePath: resolve(ROOT, filePath) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-globals").map((m) => FIXTURE.split("\n")[m.line - 1].slice(m.column - 1, (m.endColumn ?? 0) - 1));
}

describe("firmware/core purity (lint)", function () {
  this.timeout(60000);

  it("fails each Espruino global named in firmware/core", async () => {
    assert.deepEqual(await restrictedGlobals("firmware/core/fixture.ts"), NAMED);
  });

  it("fails them in firmware/main.ts too", async () => {
    assert.deepEqual(await restrictedGlobals("firmware/main.ts"), NAMED);
  });

  it("allows them in firmware/hw", async () => {
    assert.deepEqual(await restrictedGlobals("firmware/hw/fixture.ts"), []);
  });
});
