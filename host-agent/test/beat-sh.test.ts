// banken-beat.sh end to end: the script under dash (and bash when present) against boards behind a
// real pty (socat): the simulated boards running the built firmware bundles (sim/tty-board.ts),
// and small sh boards for the failures.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT } from "../src/exit-codes.ts";
import { probeWithBoardPort } from "../src/ports/probe.ts";
import { BoardPort } from "../src/serial/port.ts";
import { answeringScript, ptyBoard, SILENT_SCRIPT } from "./beat-sh-pty.ts";
import type { PtyBoard } from "./beat-sh-pty.ts";

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, "..", "banken-beat.sh");
const SIM_BOARD = join(here, "..", "..", "sim", "tty-board.ts");
const SHELLS = ["dash", "bash"].filter((shell) => spawnSync(shell, ["-c", "exit 0"]).status === 0);

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Processes of the script's group still alive right after it exited, and files left in its TMPDIR. */
  leftovers: string;
}

/** Runs the script as its own process group, so anything it leaves behind can be found. */
function beat(args: string[], shell = "dash", env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const startedMs = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), "banken-beat-tmp-"));
  const child = spawn(shell, [SCRIPT, ...args], { detached: true, env: { ...env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once("close", (code) => {
      const wallMs = Date.now() - startedMs;
      const processes = spawnSync("pgrep", ["-a", "-g", String(child.pid)], { encoding: "utf8" }).stdout.trim();
      const leftovers = [processes, ...readdirSync(tmp)].filter((item) => item !== "").join(" ");
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code, stdout, stderr, wallMs, leftovers });
    });
  });
}

/** A board (sh) that answers BEAT with the seq it was sent, after the lines in `before`. */
function echoSeqBoard(before: string[], reply: string): string {
  const lead = before.map((line) => `printf '%s\\n' '${line}'`).join("; ");
  return `while IFS= read -r l; do s=\${l#*seq=}; s=\${s%% *}; ${lead}${lead ? ";" : ""} printf '${reply}\\n' "$s"; done`;
}

describe("banken-beat.sh: static checks", () => {
  for (const shell of ["sh", "dash"]) {
    it(`parses with ${shell} -n`, () => {
      const result = spawnSync(shell, ["-n", SCRIPT], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
    });
  }

  it("passes shellcheck -s sh when shellcheck is installed", function () {
    if (spawnSync("shellcheck", ["--version"]).error) this.skip();
    const result = spawnSync("shellcheck", ["-s", "sh", SCRIPT], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stdout);
  });

  it("documents exactly the agent's exit codes it uses", async () => {
    const { readFileSync } = await import("node:fs");
    const documented = [...readFileSync(SCRIPT, "utf8").matchAll(/^# {3}(\d) {2}/gm)].map((m) => Number(m[1]));
    assert.deepEqual(documented, [EXIT.ok, EXIT.internal, EXIT.usage, EXIT.deviceMissing, EXIT.deviceBusy, EXIT.permissionDenied, EXIT.protocol, EXIT.refused, EXIT.notSerialPort]);
  });

  it("says a plain file or /dev/null is not a serial port, with the agent's exit code for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "banken-beat-notserial-"));
    const file = join(dir, "passwd");
    writeFileSync(file, "root:x:0:0::/root:/bin/sh\n");
    try {
      for (const path of [file, "/dev/null"]) {
        const outcome = await beat(["-p", path, "-t", "1"]);
        assert.deepEqual([outcome.code, outcome.leftovers], [EXIT.notSerialPort, ""], outcome.stderr);
        assert.match(outcome.stderr, new RegExp(`^banken-beat: ${path.replace(/[/.]/g, "\\$&")} is not a serial port`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("banken-beat.sh: against a simulated board behind a pty", () => {
  let board: PtyBoard;
  // "ready": the firmware runs (bytes sent while the board boots are lost).
  before(async () => (board = await ptyBoard(`exec node --import tsx ${SIM_BOARD} --board esp32 --quiet`, "ready")));
  after(async () => board.close());

  for (const shell of SHELLS) {
    it(`${shell}: the board acknowledges; silent, exit 0, nothing left running`, async () => {
      const outcome = await beat(["-p", board.path], shell);
      assert.deepEqual([outcome.code, outcome.stdout, outcome.stderr, outcome.leftovers], [EXIT.ok, "", "", ""]);
    });
  }

  it("40 beats back to back (dash and bash) all succeed: no run leaves the port locked, a process or a file", async () => {
    const results: string[] = [];
    for (let i = 0; i < 40; i++) {
      const outcome = await beat(["-p", board.path], SHELLS[i % SHELLS.length]);
      results.push(`${outcome.code} ${outcome.stderr}${outcome.leftovers}`);
    }
    assert.deepEqual(results, new Array(40).fill(`${EXIT.ok} `));
  });

  it("waits for the agent's lock, then fails as busy (exit 5)", async () => {
    const agent = await BoardPort.open(board.path, { lockWaitMs: 0 });
    try {
      const outcome = await beat(["-p", board.path]);
      assert.equal(outcome.code, EXIT.deviceBusy, outcome.stderr);
      assert.match(outcome.stderr, /^banken-beat: .* in use by another program/);
      assert.ok(outcome.wallMs >= 1900, `waited ${outcome.wallMs} ms for the lock`);
      // The agent's port still works after the script gave up: nothing hung it up or stole its bytes.
      const reply = new Promise<string>((resolve) => agent.start({ line: (text) => text.startsWith("OK") && resolve(text), closed: () => resolve("closed") }));
      await agent.writeLine("STATUS");
      assert.match(await reply, /^OK STATUS /);
    } finally {
      await agent.close();
    }
  });
});

const BUNDLES = join(here, "..", "..", "dist", "firmware");

for (const boardId of ["esp32", "pico"]) {
  describe(`banken-beat.sh: against the simulated ${boardId} (firmware bundle on the virtual Espruino)`, () => {
    let board: PtyBoard | undefined;
    before(async function () {
      if (!existsSync(join(BUNDLES, `${boardId}.js`))) this.skip(); // needs npm run build
      board = await ptyBoard(`exec node --import tsx ${SIM_BOARD} --board ${boardId} --quiet`, "ready");
      // The simulated Espruino boots in real time and its REPL owns the port until the firmware moves
      // it: wait until the firmware answers HELLO before testing.
      for (let attempt = 0; attempt < 20; attempt++) {
        if ((await probeWithBoardPort(board.path, 500)).verdict === "banken") return;
      }
      throw new Error(`the simulated ${boardId} never answered HELLO`);
    });
    after(async () => board?.close());

    it("the board acknowledges the heartbeat: exit 0, silent", async () => {
      assert.ok(board);
      const outcome = await beat(["-p", board.path]);
      assert.deepEqual([outcome.code, outcome.stdout, outcome.stderr, outcome.leftovers], [EXIT.ok, "", "", ""]);
    });

    it("banken ports' probe recognises it by its HELLO reply", async () => {
      assert.ok(board);
      const result = await probeWithBoardPort(board.path, 2000);
      assert.equal(result.verdict, "banken");
      assert.match(result.detail, new RegExp(`^OK HELLO .*board=${boardId}`));
    });
  });
}

describe("banken-beat.sh: replies and failures", () => {
  let board: PtyBoard | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it("skips the board's ! lines and a stale OK BEAT with another seq", async () => {
    board = await ptyBoard(echoSeqBoard(["!WARN left=60000", "OK BEAT left=5 state=armed seq=1"], "OK BEAT left=600000 state=armed seq=%s"));
    const outcome = await beat(["-p", board.path]);
    assert.deepEqual([outcome.code, outcome.stderr], [EXIT.ok, ""]);
  });

  it("only a stale OK BEAT: no answer (exit 7)", async () => {
    board = await ptyBoard(answeringScript("OK BEAT left=5 state=armed seq=1"));
    const outcome = await beat(["-p", board.path, "-t", "1"]);
    assert.equal(outcome.code, EXIT.protocol);
    assert.match(outcome.stderr, /no answer .* within 1 s/);
  });

  it("accepts an OK BEAT without seq, with CRLF line ends", async () => {
    board = await ptyBoard("while IFS= read -r l; do printf 'OK BEAT left=600000 state=armed\\r\\n'; done");
    assert.equal((await beat(["-p", board.path])).code, EXIT.ok);
  });

  it("ERR from the board: refused (exit 8) with the board's words", async () => {
    board = await ptyBoard(answeringScript("ERR arg BEAT [seq=N] [boot=ID]"));
    const outcome = await beat(["-p", board.path]);
    assert.equal(outcome.code, EXIT.refused);
    assert.equal(outcome.stderr, "banken-beat: the board refused the heartbeat: ERR arg BEAT [seq=N] [boot=ID]\n");
  });

  it("a device that answers something else: not a banken board (exit 7), naming what it sent", async () => {
    board = await ptyBoard(answeringScript("+CME ERROR: 100"));
    const outcome = await beat(["-p", board.path, "-t", "1"]);
    assert.equal(outcome.code, EXIT.protocol);
    assert.equal(outcome.stderr, `banken-beat: no banken reply from ${board.path} within 1 s; it sent: +CME ERROR: 100 (not a banken board?)\n`);
  });

  it("skips what a board prints as it starts (the REPL's console move) and takes the answer after it", async () => {
    board = await ptyBoard(echoSeqBoard(["\r\x1b[J-> LoopbackA", "Espruino 2v29"], "OK BEAT left=600000 state=armed seq=%s"));
    const outcome = await beat(["-p", board.path]);
    assert.deepEqual([outcome.code, outcome.stderr], [EXIT.ok, ""]);
  });

  it("an OK that is not OK BEAT: unexpected reply (exit 7)", async () => {
    board = await ptyBoard(answeringScript("OK HELLO banken v=1"));
    const outcome = await beat(["-p", board.path]);
    assert.equal(outcome.code, EXIT.protocol);
    assert.match(outcome.stderr, /unexpected reply .*OK HELLO banken v=1 \(not a banken board\?\)/);
  });

  it("silence: exit 7 after the -t deadline, and the timer leaves nothing running", async () => {
    board = await ptyBoard(SILENT_SCRIPT);
    const outcome = await beat(["-p", board.path, "-t", "1"]);
    assert.equal(outcome.code, EXIT.protocol);
    assert.ok(outcome.wallMs >= 1000 && outcome.wallMs < 2500, `took ${outcome.wallMs} ms`);
    assert.equal(outcome.stderr, `banken-beat: no answer from ${board.path} within 1 s (is it a banken board? banken ports)\n`);
    assert.equal(outcome.leftovers, "");
  });

  it("the board goes away mid-beat (unplug): exit 7, not a hang", async () => {
    board = await ptyBoard("IFS= read -r l; exit 0");
    const outcome = await beat(["-p", board.path, "-t", "5"]);
    assert.equal(outcome.code, EXIT.protocol);
    assert.ok(outcome.wallMs < 4000, `took ${outcome.wallMs} ms`);
    assert.match(outcome.stderr, /^banken-beat: [^\n]*(closed before the board answered|went away)[^\n]*\n$/);
  });
});

describe("banken-beat.sh: before any byte is sent", () => {
  it("no device: exit 4", async () => {
    const outcome = await beat(["-p", "/dev/banken-not-here"]);
    assert.deepEqual([outcome.code, outcome.stderr], [EXIT.deviceMissing, "banken-beat: no device at /dev/banken-not-here: is the board plugged in? (-p PORT)\n"]);
  });

  it("BANKEN_PORT is the default port", async () => {
    const outcome = await beat([], "dash", { ...process.env, BANKEN_PORT: "/dev/banken-env" });
    assert.match(outcome.stderr, /no device at \/dev\/banken-env/);
  });

  it("usage errors: exit 2", async () => {
    assert.equal((await beat(["-t", "0"])).code, EXIT.usage);
    assert.equal((await beat(["-t", "1.5"])).code, EXIT.usage);
    assert.equal((await beat(["extra"])).code, EXIT.usage);
    assert.equal((await beat(["-x"])).code, EXIT.usage);
  });

  it("permission denied: exit 6 (run as an unprivileged user)", async function () {
    if (process.getuid?.() !== 0 || spawnSync("setpriv", ["--version"]).error) this.skip();
    const asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    if (spawnSync("setpriv", [...asNobody, "dash", "-n", SCRIPT]).status !== 0) this.skip(); // checkout not readable by nobody
    const dir = mkdtempSync(join(tmpdir(), "banken-perm-"));
    chmodSync(dir, 0o755);
    const device = join(dir, "ttyFAKE");
    writeFileSync(device, "");
    chmodSync(device, 0o600);
    const result = spawnSync("setpriv", [...asNobody, "dash", SCRIPT, "-p", device], { encoding: "utf8" });
    rmSync(dir, { recursive: true });
    assert.equal(result.status, EXIT.permissionDenied, result.stderr);
    assert.match(result.stderr, /permission denied on .*ttyFAKE: add this user to group dialout/);
  });
});
