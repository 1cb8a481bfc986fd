// Where `banken flash` finds the espruino CLI (an optional peer dependency): the package banken's
// modules resolve, else an `espruino` on PATH; missing, a one-line error says what to install.
// The installed-package test (tools/test/package-install.test.ts) runs the missing case end to end.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentError } from "../src/errors.ts";
import { findEspruinoCli } from "../src/flash/espruino-cli.ts";

describe("banken flash: finding the espruino CLI", () => {
  let root: string;
  let emptyBin: string;
  beforeEach(() => {
    // A banken package without node_modules, as a global install without espruino is.
    root = mkdtempSync(join(tmpdir(), "banken-espruino-cli-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "banken", peerDependencies: { espruino: "0.1.67" } }));
    emptyBin = join(root, "bin");
    mkdirSync(emptyBin);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("says how to install it when neither node_modules nor PATH has it", () => {
    assert.throws(
      () => findEspruinoCli(root, { PATH: emptyBin }),
      (error: unknown) => error instanceof AgentError && error.kind === "usage" && error.message === "the espruino CLI is not installed (it writes the firmware): npm install -g espruino@0.1.67",
    );
  });

  it("runs the package's bin script with node when banken's modules resolve espruino", () => {
    const pkg = join(root, "node_modules/espruino");
    mkdirSync(join(pkg, "bin"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "espruino", bin: { espruino: "bin/espruino-cli.js" } }));
    writeFileSync(join(pkg, "bin/espruino-cli.js"), "");
    assert.deepEqual(findEspruinoCli(root, { PATH: emptyBin }), { command: process.execPath, args: [join(pkg, "bin/espruino-cli.js")] });
  });

  it("takes an executable espruino on PATH otherwise", () => {
    const onPath = join(emptyBin, "espruino");
    writeFileSync(onPath, "#!/bin/sh\n");
    chmodSync(onPath, 0o644);
    assert.throws(() => findEspruinoCli(root, { PATH: emptyBin }), AgentError, "a file that is not executable is not a program");
    chmodSync(onPath, 0o755);
    assert.deepEqual(findEspruinoCli(root, { PATH: emptyBin }), { command: onPath, args: [] });
  });
});
