// Every verb and every error code, through the Watchdog's byte input (as the board sees them).
import { strict as assert } from "node:assert";
import { Bench, CONSOLE_CODE } from "./harness.ts";
import { DEFAULT_CONFIG } from "../core/config.ts";
import { ERROR_CODES, MAX_LINE } from "../core/types.ts";
import type { ErrorCode, PersistedState } from "../core/types.ts";

function locked(): PersistedState {
  return { cfg: { ...DEFAULT_CONFIG, locked: 1 }, attempts: 0, boots: 1, log: [], judge: 0 };
}

describe("protocol: verbs", () => {
  it("verbs are case-insensitive; extra spaces are fine; blank lines get no reply", () => {
    const b = new Bench().start();
    assert.equal(b.ask("beat"), "OK BEAT left=600000 state=armed");
    assert.equal(b.ask("  bEaT   seq=2  "), "OK BEAT left=600000 state=armed seq=2");
    assert.deepEqual(b.say("\n\r\n   \n"), []);
  });

  it("BEAT [seq=N] [boot=ID] notes a changed host boot id", () => {
    const b = new Bench().start();
    assert.equal(b.ask("BEAT seq=1 boot=abc"), "OK BEAT left=600000 state=armed seq=1");
    assert.equal(b.ask("BEAT boot=abc seq=2"), "OK BEAT left=600000 state=armed seq=2");
    assert.equal(b.ask("BEAT seq=3 boot=def"), "OK BEAT left=600000 state=armed seq=3 reboot=1");
    assert.equal(b.ask("BEAT"), "OK BEAT left=600000 state=armed");
  });

  it("a malformed BEAT is not a heartbeat", () => {
    const b = new Bench().start();
    for (const bad of ["BEAT seq=", "BEAT seq=-1", "BEAT seq=1.5", "BEAT foo=1", "BEAT 5", "BEAT boot=" + "x".repeat(41)]) {
      assert.equal(b.ask(bad), "ERR arg BEAT [seq=N] [boot=ID]", bad);
    }
    assert.equal(b.dog.state(), "waiting");
  });

  it("STATUS reports every field", () => {
    const b = new Bench().start();
    b.ask("BEAT", 1000);
    assert.equal(
      b.ask("STATUS", 3000),
      "OK STATUS state=armed left=598000 timeout=600000 pulse=10000 attempts=0 uptime=3000 fw=0.1.0 board=test hold=0",
    );
  });

  it("HELLO names the protocol, firmware, board and console code", () => {
    const b = new Bench().start();
    assert.equal(b.ask("HELLO"), `OK HELLO banken proto=1 fw=0.1.0 board=test console=${CONSOLE_CODE}`);
  });

  it("GET lists every key; GET key one, by any case", () => {
    const b = new Bench().start();
    assert.equal(
      b.ask("GET"),
      "OK GET timeoutMs=600000 pulseMs=10000 bootTimeoutMs=0 warnMs=60000 resetsBeforePower=2 powerOffMs=6000 powerWaitMs=5000 powerOnMs=500 maxAttempts=5 locked=0 consoleHoldMs=600000",
    );
    assert.equal(b.ask("get PULSEMS"), "OK GET pulseMs=10000");
  });

  it("SET applies a whole valid line, persists it and records a config event", () => {
    const b = new Bench().start();
    const saves = b.out.saves.length;
    assert.equal(b.ask("SET timeoutMs=120000 warnMs=30000"), "OK SET timeoutMs=120000 warnMs=30000");
    assert.equal(b.out.saves.length, saves + 1);
    assert.equal(b.out.saves[saves].cfg.timeoutMs, 120000);
    assert.equal(b.ask("BEAT"), "OK BEAT left=120000 state=armed");
    assert.equal(b.ask("SET timeoutMs=120000"), "OK SET timeoutMs=120000");
    assert.equal(b.out.saves.length, saves + 1, "no write when nothing changed");
  });

  it("SET rejects the whole line if any key is bad, cross-key rules included", () => {
    const b = new Bench().start();
    assert.equal(b.ask("SET pulseMs=2000 warnMs=700000"), "ERR range warnMs<=timeoutMs-1000");
    assert.equal(b.ask("SET pulseMs=2000 pulseMs=10"), "ERR range pulseMs=50..60000");
    assert.equal(b.ask("SET pulseMs=2000 bogus=1"), "ERR key bogus");
    assert.equal(b.ask("SET pulseMs=2000 timeoutMs"), "ERR arg timeoutMs");
    assert.equal(b.ask("SET pulseMs=2000 timeoutMs=ten"), "ERR arg timeoutMs=ten");
    assert.equal(b.ask("SET"), "ERR arg SET key=value ...");
    assert.equal(b.ask("GET pulseMs"), "OK GET pulseMs=10000");
    assert.equal(b.out.saves.length, 1);
  });

  it("HOLD takes 1..86400000 ms; ARM arms; DISARM waits for the next BEAT", () => {
    const b = new Bench().start();
    assert.equal(b.ask("HOLD 86400000"), "OK HOLD hold=86400000 state=holding");
    assert.equal(b.ask("HOLD 86400001"), "ERR range HOLD 0..86400000");
    assert.equal(b.ask("HOLD"), "ERR arg HOLD <ms>");
    assert.equal(b.ask("HOLD 1h"), "ERR arg HOLD <ms>");
    assert.equal(b.ask("ARM"), "OK ARM state=armed left=600000");
    assert.equal(b.ask("ARM", 1000), "OK ARM state=armed left=599000", "ARM is not a heartbeat");
    assert.equal(b.ask("DISARM"), "OK DISARM state=waiting");
    b.run(100 * 600000);
    assert.deepEqual(b.out.presses(), []);
    assert.equal(b.ask("ARM now"), "ERR arg ARM takes no arguments");
  });

  it("LOG pages through the history, newest first", () => {
    const b = new Bench().start(5);
    b.ask("SET pulseMs=500", 10);
    assert.equal(b.ask("LOG"), "OK LOG i=0 of=2 k=config b=1 t=10 r=command");
    assert.equal(b.ask("LOG 1"), "OK LOG i=1 of=2 k=boot b=1 t=5");
    assert.equal(b.ask("LOG 2"), "ERR range LOG 0..1");
    assert.equal(b.ask("LOG x"), "ERR arg LOG [i]");
    assert.equal(b.ask("LOG 1 2"), "ERR arg LOG [i]");
  });

  it("TEST led lights the LED for a while and never the relay", () => {
    const b = new Bench().start();
    assert.equal(b.ask("TEST led"), "OK TEST led ms=3000");
    assert.equal(b.out.ledNow(), "solid");
    b.run(3000);
    assert.equal(b.out.ledNow(), "off");
    assert.deepEqual(b.out.presses(), []);
  });

  it("TEST relay confirm=yes gives one real pulse, recorded as test", () => {
    const b = new Bench().start();
    assert.equal(b.ask("TEST relay"), "ERR confirm needs confirm=yes");
    assert.equal(b.ask("TEST relay confirm=no"), "ERR confirm needs confirm=yes");
    assert.equal(b.ask("test RELAY CONFIRM=YES", 100), "OK TEST relay pulse=10000");
    assert.equal(b.ask("TEST relay confirm=yes", 200), "ERR busy TEST while acting");
    assert.equal(b.ask("TEST led", 300), "ERR busy TEST while acting");
    b.run(60000);
    assert.deepEqual(b.out.relayEdges.slice(1), [
      { t: 100, pressed: true },
      { t: 10100, pressed: false },
    ]);
    assert.equal(b.ask("LOG"), "OK LOG i=0 of=2 k=test b=1 t=100 r=command");
    assert.equal(b.dog.state(), "waiting");
    assert.equal(b.dog.nextWakeMs(), -1, "a test in waiting does not start a boot deadline");
    assert.equal(b.ask("TEST"), "ERR arg TEST led | TEST relay confirm=yes");
  });

  it("TEST relay while armed gives the host its boot time afterwards", () => {
    const b = new Bench().start();
    b.ask("BEAT", 0);
    b.ask("TEST relay confirm=yes", 1000);
    b.run(11000);
    assert.equal(b.status().state, "waiting");
    assert.equal(b.status().left, "600000");
    assert.equal(b.status().attempts, "0");
  });
});

describe("protocol: every error code", () => {
  const cases: { [code in ErrorCode]: (b: Bench) => string[] } = {
    verb: (b) => b.say("REBOOT\n"),
    arg: (b) => b.say("BEAT seq=x\n"),
    key: (b) => b.say("GET color\n"),
    range: (b) => b.say("SET timeoutMs=10\n"),
    long: (b) => b.say("BEAT " + "9".repeat(MAX_LINE) + "\n"),
    char: (b) => b.say("BEAT\u0000\n"),
    locked: (b) => b.say("DISARM\n"),
    busy: (b) => (b.say("TEST relay confirm=yes\n"), b.say("TEST relay confirm=yes\n")),
    confirm: (b) => b.say("TEST relay\n"),
    code: (b) => b.say("CONSOLE 0000\n"),
    flash: (b) => ((b.out.saveResult = false), b.say("SET pulseMs=200\n")),
  };

  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    it(`ERR ${code}`, () => {
      const b = new Bench({ restored: locked() }).start();
      const lines = cases[code](b);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.ok(lines[0].startsWith("ERR " + code + " "), lines[0]);
    });
  }

  it("ERR flash keeps the old config in force", () => {
    const b = new Bench().start();
    b.out.saveResult = false;
    b.ask("SET pulseMs=200");
    assert.equal(b.ask("GET pulseMs"), "OK GET pulseMs=10000");
    assert.equal(Bench.fields(b.ask("LOG")).k, "boot");
  });

  it("locked=1 refuses DISARM and SET locked=0, even mixed with good keys; other keys still set", () => {
    const b = new Bench({ restored: locked() }).start();
    assert.equal(b.ask("DISARM"), "ERR locked locked=1: DISARM refused");
    assert.equal(b.ask("SET pulseMs=300 locked=0 consoleHoldMs=600000"), "ERR locked locked=1: SET locked=0 refused");
    assert.equal(b.ask("GET pulseMs"), "OK GET pulseMs=10000");
    assert.equal(b.ask("SET pulseMs=300"), "OK SET pulseMs=300");
    const u = new Bench().start();
    assert.equal(u.ask("SET locked=1"), "OK SET locked=1");
    assert.equal(u.ask("DISARM"), "ERR locked locked=1: DISARM refused");
  });

  it("the unknown verb is echoed; prototype names are not verbs", () => {
    const b = new Bench().start();
    assert.equal(b.ask("toString"), "ERR verb toString");
    assert.equal(b.ask("__proto__"), "ERR verb __proto__");
    assert.equal(b.ask("GET __proto__"), "ERR key __proto__");
  });
});
