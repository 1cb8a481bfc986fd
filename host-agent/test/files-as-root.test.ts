// Root writes the metrics file and the sequence claims; a user who can write in (or own) the
// directory must not be able to make root write anywhere else. The repro of issue 12: a symlink
// planted at the old predictable temporary name made root overwrite a root-only 0600 file. These
// tests run as root (CI does) and play the other user with chown/chmod.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { nextSequence } from "../src/heartbeat/sequence.ts";
import { writeFileAtomic } from "../src/install/atomic-write.ts";
import { writeMetricsFile } from "../src/metrics/index.ts";

const OTHER_UID = 4242;

describe("files as root: the one write helper", function () {
  let dir: string;
  let victim: string;
  before(function () {
    if (process.geteuid?.() !== 0) this.skip(); // playing another user needs chown
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "banken-files-"));
    victim = join(dir, "shadow");
    writeFileSync(victim, "secret\n", { mode: 0o600 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("never follows a link planted at the old temporary name (the repro) or at the target", async () => {
    const shared = join(dir, "textfile");
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o1777); // sticky and root's, like /tmp: allowed, so links can be planted
    const target = join(shared, "banken.prom");
    symlinkSync(victim, join(shared, `.banken.prom.${process.pid}.tmp`));
    symlinkSync(victim, target);
    await writeFileAtomic(target, "banken_up 1\n", 0o644);
    assert.equal(readFileSync(victim, "utf8"), "secret\n");
    assert.equal(lstatSync(victim).mode & 0o777, 0o600);
    assert.ok(lstatSync(target).isFile(), "the link at the target was replaced by a file, not followed");
    assert.equal(readFileSync(target, "utf8"), "banken_up 1\n");
    assert.deepEqual(readdirSync(shared).sort(), [".banken.prom." + process.pid + ".tmp", "banken.prom"]);
  });

  it("does not read a planted link's target when it carries counts over from the previous metrics file", async () => {
    const shared = join(dir, "textfile");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    writeFileSync(victim, 'banken_actions_total{kind="reset"} 77\n', { mode: 0o600 });
    const target = join(shared, "banken.prom");
    symlinkSync(victim, target);
    await writeMetricsFile(target, { up: false, nowMs: 1000 });
    assert.doesNotMatch(readFileSync(target, "utf8"), /77/);
    assert.ok(lstatSync(target).isFile());
  });

  it("refuses a directory others can write (not sticky) and one another user owns, naming the fix", async () => {
    const open = join(dir, "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    await assert.rejects(writeFileAtomic(join(open, "banken.prom"), "x\n", 0o644), {
      message: `refusing to write in ${open}: it is writable by others (mode 0777)`,
      fix: `chmod go-w ${open}`,
    });
    const owned = join(dir, "owned");
    mkdirSync(owned, { mode: 0o755 });
    chownSync(owned, OTHER_UID, OTHER_UID);
    await assert.rejects(writeFileAtomic(join(owned, "banken.prom"), "x\n", 0o644), { fix: `chown root ${owned}` });
    assert.deepEqual(readdirSync(open), []);
    assert.deepEqual(readdirSync(owned), []);
  });

  it("judges the real directory: a link to an unsafe place is refused too", async () => {
    const unsafe = join(dir, "unsafe");
    mkdirSync(unsafe);
    chmodSync(unsafe, 0o775);
    symlinkSync(unsafe, join(dir, "link"));
    await assert.rejects(writeFileAtomic(join(dir, "link", "banken.prom"), "x\n", 0o644), {
      message: `refusing to write in ${join(dir, "link")} (→ ${unsafe}): it is writable by its group (mode 0775)`,
    });
  });
});

describe("files as root: sequence claims", function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-seq-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("counts on from an old `seq` file and keeps only the newest claim", () => {
    writeFileSync(join(dir, "seq"), "41\n");
    assert.deepEqual(nextSequence(dir), { seq: 42, problem: null });
    assert.deepEqual(nextSequence(dir), { seq: 43, problem: null });
    assert.deepEqual(readdirSync(dir), ["seq.43"]);
  });

  it("skips a number whose name is taken by a planted link, and leaves the link's target alone", () => {
    const victim = join(dir, "victim");
    writeFileSync(victim, "secret\n", { mode: 0o600 });
    nextSequence(dir);
    symlinkSync(victim, join(dir, "seq.2"));
    assert.deepEqual(nextSequence(dir), { seq: 3, problem: null });
    assert.equal(readFileSync(victim, "utf8"), "secret\n");
  });

  it("reports a state directory others can write, and still gives a number to send", function () {
    if (process.geteuid?.() !== 0) this.skip();
    chmodSync(dir, 0o777);
    const result = nextSequence(dir);
    assert.equal(result.seq, 1);
    assert.match(result.problem ?? "", /writable by others \(mode 0777\)/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it("gives every one of 8 processes × 40 concurrent claims its own number", async () => {
    const module = resolve(import.meta.dirname, "../src/heartbeat/sequence.ts");
    const script = `const { nextSequence } = await import(${JSON.stringify(module)}); const out = [];` +
      `for (let i = 0; i < 40; i++) { const r = nextSequence(${JSON.stringify(dir)}); if (r.problem) throw new Error(r.problem); out.push(r.seq); }` +
      `process.stdout.write(out.join(" "));`;
    const runs = Array.from({ length: 8 }, () => new Promise<number[]>((done, fail) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.on("close", (code) => (code === 0 ? done(text.split(" ").map(Number)) : fail(new Error(`exit ${code}`))));
    }));
    const perProcess = await Promise.all(runs);
    const all = perProcess.flat();
    assert.equal(all.length, 320);
    assert.equal(new Set(all).size, 320, "a number was sent twice");
    // A claim that turned out to be a repeat is given up, so numbers may be skipped, never reused.
    for (const numbers of perProcess) assert.ok(numbers.every((n, i) => i === 0 || n > numbers[i - 1]), "each process counts up");
  });
});
