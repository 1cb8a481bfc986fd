// The npm package as a user gets it: `npm pack` in a copy of the checkout (its build rewrites dist/,
// which other tests may be running from, and its prepack rewrites package.json for a moment), then
// `npm install -g` of the tarball into a temporary prefix (from npm's cache when it has the
// dependencies; CI reaches the registry), and the installed `banken` run from a directory outside the checkout, with a PATH that holds
// neither the checkout's node_modules/.bin nor an espruino CLI. What it proves: the tarball carries
// everything that runs (compiled JavaScript, firmware bundles), nothing runs through tsx, and the
// install prints no warning.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { waitFor } from "../../host-agent/test/support/wait.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; scripts: Record<string, string>; peerDependencies: Record<string, string> };

/** The install command the README gives (the two scripts it allows are the only ones in the tree). */
const INSTALL_FLAGS = ["install", "-g", "--prefer-offline", "--no-audit", "--no-fund", "--allow-scripts=@serialport/bindings-cpp,protobufjs"];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the npm package, installed into a temporary prefix", function () {
  this.timeout(180000);
  let dir: string;
  let prefix: string;
  let home: string;
  let files: string[];
  let installStderr: string;
  let env: NodeJS.ProcessEnv;
  let checkoutCopy: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "banken-package-test-"));
    prefix = join(dir, "prefix");
    home = join(dir, "home");
    mkdirSync(home);
    // npm pack runs prepack: the build, then the manifest without `prepare` (tools/pack-manifest.js).
    const copy = join(dir, "checkout");
    await copyCheckout(copy);
    await run("npm", ["pack", "--pack-destination", dir], { cwd: copy, maxBuffer: 16 << 20 });
    checkoutCopy = copy;
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
    assert.ok(tarball !== undefined, "npm pack wrote a tarball");
    files = (await run("tar", ["tzf", join(dir, tarball)])).stdout.split("\n").filter((line) => line !== "");
    const install = await run("npm", [...INSTALL_FLAGS, "--prefix", prefix, join(dir, tarball)], { cwd: dir, maxBuffer: 16 << 20 });
    installStderr = install.stderr;
    // socat for the simulated board's pty; node itself; nothing from the checkout.
    env = { PATH: [join(prefix, "bin"), dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"), HOME: home, BANKEN_CONFIG: "", LANG: "C.UTF-8" };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the installed banken from the scratch directory. */
  function banken(args: string[], timeoutMs = 60000): Promise<Result> {
    return new Promise((resolveRun) => {
      const child = spawn("banken", args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.once("close", (code) => resolveRun({ code, stdout, stderr }));
    });
  }

  it("packs what runs and the docs, without sources, tests or the prepare script", () => {
    assert.ok(files.includes("package/dist/agent/cli.js") && files.includes("package/dist/agent/sim-board.js") && files.includes("package/dist/agent/demo-chart.js"), files.join("\n"));
    for (const board of ["esp32", "pico", "esp8266"]) assert.ok(files.includes(`package/dist/firmware/${board}.js`), `the ${board} bundle is shipped`);
    assert.deepEqual(files.filter((file) => file.endsWith(".ts") || file.includes("/test/") || file.includes("hil-tests/")), []);
    const packed = JSON.parse(readFileSync(join(prefix, "lib/node_modules/banken/package.json"), "utf8")) as { scripts: Record<string, string> };
    assert.equal(packed.scripts.prepare, undefined, "the tarball's manifest has no prepare script");
    assert.equal(JSON.parse(readFileSync(join(checkoutCopy, "package.json"), "utf8")).scripts.prepare, PKG.scripts.prepare, "postpack restored the checkout's manifest");
    assert.equal(existsSync(join(checkoutCopy, ".package.json.prepack")), false, "and removed its backup");
  });

  it("installs without a warning and without espruino", () => {
    assert.doesNotMatch(installStderr, /warn/i, installStderr);
    assert.equal(existsSync(join(prefix, "lib/node_modules/banken/node_modules/espruino")), false, "espruino is an optional peer, not installed");
  });

  it("banken --version prints the package's version", async () => {
    const result = await banken(["--version"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `banken ${PKG.version}\n`);
  });

  it("banken flash --help shows its usage; without the espruino CLI, flash says how to get it", async () => {
    const help = await banken(["flash", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: banken flash --board/);
    const flash = await banken(["flash", "--board", "esp32", "--port", join(dir, "no-such-port")]);
    assert.equal(flash.code, 2, flash.stdout + flash.stderr);
    assert.equal(flash.stderr, `banken flash: the espruino CLI is not installed (it writes the firmware): npm install -g espruino@${PKG.peerDependencies.espruino}\n`);
    assert.doesNotMatch(flash.stdout, /connecting/, "it said so before touching the port");
  });

  it("banken doctor with no board exits as the checkout's does, naming the missing device", async () => {
    const installed = await banken(["doctor"]);
    const checkout = await new Promise<Result>((resolveRun) => {
      execFile(process.execPath, [join(ROOT, "bin/banken.js"), "doctor"], { cwd: dir, env }, (error, stdout, stderr) => resolveRun({ code: error === null ? 0 : (error.code as number), stdout, stderr }));
    });
    assert.ok(installed.code !== 0 && installed.code !== 1, `a documented failure code, not ${installed.code}: ${installed.stderr}`);
    assert.equal(installed.code, checkout.code);
    assert.equal(installed.stdout, checkout.stdout);
    assert.match(installed.stdout, /serial device/);
  });

  it("banken demo --fast, without a terminal, shows the board resetting the hung host", async function () {
    if (!hasSocat()) this.skip(); // the simulated board's pty needs socat (.ci/run installs it)
    const result = await banken(["demo", "--fast", "--out", join(dir, "demo")]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(!result.stdout.includes("\x1b["), "plain lines without a TTY");
    assert.match(result.stdout, /!ACT reset n=1/);
    assert.match(result.stdout, /result: the board reset the hung host/);
    assert.ok(existsSync(join(dir, "demo/demo-timing.svg")), "the chart renderer ran");
  });

  it("banken sim --port-link runs a board that answers HELLO and banken status, and stops on SIGTERM", async function () {
    if (!hasSocat()) this.skip(); // as above
    const link = join(dir, "x");
    const sim = spawn("banken", ["sim", "--port-link", link], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let simOut = "";
    sim.stdout.on("data", (chunk: Buffer) => (simOut += chunk.toString()));
    sim.stderr.on("data", (chunk: Buffer) => (simOut += chunk.toString()));
    const simExit = new Promise<number | null>((resolveExit) => sim.once("close", (code) => resolveExit(code)));
    try {
      await waitFor(() => simOut.includes(`on ${link}`), 20000, () => simOut);
      const hello = await typeTo(link, "HELLO\r");
      assert.match(hello, /OK HELLO banken proto=1 fw=\S+ board=esp32/);
      // The installed agent's own serial port: the native addon loads from the installed package.
      const status = await banken(["status", "--port", link]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /banken board esp32 \(fw \S+\)/);
    } finally {
      sim.kill("SIGTERM");
    }
    assert.equal(await simExit, 0, simOut);
    assert.equal(existsSync(link), false, "the link is gone with the board");
  });
});

/** The checkout's files (committed, and new ones git does not ignore) in `to`, with its node_modules linked. */
async function copyCheckout(to: string): Promise<void> {
  const listed = (await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, maxBuffer: 16 << 20 })).stdout;
  for (const file of listed.split("\0")) {
    if (file === "" || !existsSync(join(ROOT, file))) continue; // a file deleted but not yet committed
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(to, file));
  }
  symlinkSync(join(ROOT, "node_modules"), join(to, "node_modules"));
}

function hasSocat(): boolean {
  return ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"].some((path) => existsSync(path));
}

/** Sends `text` to the pty with socat and returns what came back within socat's 1 s linger. */
async function typeTo(link: string, text: string): Promise<string> {
  const child = spawn("socat", ["-t", "1", "-", `${link},raw,echo=0`], { stdio: ["pipe", "pipe", "pipe"] });
  let received = "";
  child.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
  child.stdin.end(text);
  await new Promise<void>((resolveClose) => child.once("close", () => resolveClose()));
  return received;
}
