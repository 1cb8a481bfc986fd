// `banken config set locked=1` says what locking takes away and needs --yes; without it nothing is
// sent and the board stays unlocked. (The board side, CONSOLE refused while locked, is the firmware's.)
import assert from "node:assert/strict";
import { cli } from "./support/cli.ts";
import { simBoardPerTest } from "./support/sim-board-per-test.ts";

describe("banken config set locked=1", function () {
  this.timeout(30000);
  const sim = simBoardPerTest("banken-lock-test-");

  it("explains locking and refuses without --yes, before the port is opened", async () => {
    const board = await sim.start();
    const refused = await cli(["config", "set", "locked=1", "--port", board.link]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^banken config: locked=1 is for keeps: the board then refuses CONSOLE \(so no re-flash over USB/);
    assert.match(refused.stderr, /hold the board's button through its first seconds after power-up .* or erase the chip .*; add --yes to lock it\n$/);
    assert.equal(refused.stderr.split("\n").length, 2, "one line");
    assert.ok(!sim.events.some((e) => e.kind === "rx" && e.line.startsWith("SET")), "nothing was sent");
    assert.match((await cli(["config", "get", "locked", "--port", board.link])).stdout, /^locked=0$/m);
  });

  it("locks with --yes; other keys and locked=0 need no confirmation", async () => {
    const board = await sim.start();
    assert.equal((await cli(["config", "set", "locked=0", "timeoutMs=5m", "--port", board.link])).code, 0);
    const locked = await cli(["config", "set", "locked=1", "--yes", "--port", board.link]);
    assert.equal(locked.code, 0, locked.stderr);
    assert.match(locked.stdout, /locked=1/);
    assert.match((await cli(["config", "get", "locked", "--port", board.link])).stdout, /^locked=1$/m);
  });
});
