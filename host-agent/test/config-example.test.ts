// examples/banken.toml is what users copy: it must parse, and every check kind must be in it.

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CHECK_KINDS } from "../src/checks/types.ts";
import { loadAgentConfig } from "../src/config/index.ts";

describe("examples/banken.toml", () => {
  it("parses and shows every check kind, the repair command and the warn hook", async () => {
    const config = await loadAgentConfig(fileURLToPath(new URL("../../examples/banken.toml", import.meta.url)));
    assert.deepEqual([...new Set(config.checks.map((check) => check.kind))].sort(), [...CHECK_KINDS].sort());
    assert.equal(config.device, "/dev/banken");
    assert.equal(config.interval, 60000);
    assert.ok(config.repair !== undefined && config.warnHook !== undefined);
  });
});
