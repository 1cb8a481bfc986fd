// native-addon.ts and native-port.ts use @serialport/bindings-cpp's compiled addon without its
// JavaScript layer (9 MB of RSS less per `banken beat`), so they copy what that layer does in
// dist/linux.js, poller.js and serialport-bindings.js. Those files are not a public API: the
// library is pinned exactly, and this test fails, saying what to re-read, when a new version changes
// any of what was copied. (The behaviour on a real pty is agent-native-port.test.ts.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadAddon, POLL_READABLE, POLL_WRITABLE } from "../src/serial/native-addon.ts";
import { OPEN_DEFAULTS } from "../src/serial/native-port.ts";

const ROOT = join(import.meta.dirname, "../..");
const require = createRequire(join(ROOT, "package.json"));
const LIBRARY = dirname(require.resolve("@serialport/bindings-cpp/package.json"));
/** The version whose dist/ the two files were written against. */
const COPIED_FROM = "13.0.0";
const REREAD = `@serialport/bindings-cpp changed: host-agent/src/serial/native-addon.ts and native-port.ts copy parts of ${COPIED_FROM}'s dist/ (linux.js, poller.js, serialport-bindings.js); re-read them in the new version, update both files and COPIED_FROM in this test`;

describe("@serialport/bindings-cpp internals that serial/native-*.ts copy", () => {
  it(`is pinned exactly at ${COPIED_FROM} and that is what is installed`, () => {
    const ours = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    assert.equal(ours.dependencies["@serialport/bindings-cpp"], COPIED_FROM, `${REREAD} (package.json must pin it exactly, no ^ or ~)`);
    const installed = JSON.parse(readFileSync(join(LIBRARY, "package.json"), "utf8")) as { version: string };
    assert.equal(installed.version, COPIED_FROM, REREAD);
  });

  it("our loader finds the very addon the library loads, with the functions we call", () => {
    const libraryBinding = (require(join(LIBRARY, "dist/serialport-bindings.js")) as { binding: unknown }).binding;
    assert.equal(loadAddon(), libraryBinding, `${REREAD}: native-addon.ts loaded another addon file than node-gyp-build did`);
    for (const name of ["open", "close", "set", "flush", "drain", "Poller"]) {
      assert.equal(typeof (libraryBinding as Record<string, unknown>)[name], "function", `${REREAD}: the addon has no ${name}()`);
    }
  });

  it("open() defaults are those LinuxPortBinding merges under the caller's options", () => {
    const linux = readFileSync(join(LIBRARY, "dist/linux.js"), "utf8");
    const literal = /Object\.assign\((\{[^}]*vmin[^}]*\}), options\)/.exec(linux)?.[1];
    assert.ok(literal !== undefined, `${REREAD}: dist/linux.js no longer merges open() defaults as it did`);
    const theirs = new Function(`return ${literal};`)() as Record<string, unknown>;
    assert.deepEqual(OPEN_DEFAULTS, theirs, REREAD);
  });

  it("the poller's event flags are the library's", () => {
    const { EVENTS } = require(join(LIBRARY, "dist/poller.js")) as { EVENTS: Record<string, number> };
    assert.deepEqual([POLL_READABLE, POLL_WRITABLE], [EVENTS.UV_READABLE, EVENTS.UV_WRITABLE], REREAD);
  });
});
