// Runs the espruino CLI (npm package `espruino`, EspruinoTools) to write a bundle to a staging file:
//   espruino --no-ble -p PORT -b 115200 --board <local json> --storage bankenfw.new:bundle.js -e 'print(MARK)'
// --storage NAME:FILE sends the file's bytes as they are (chunked Storage.write of atob(...)), so the
// board's E.CRC32 of it can be compared with the bundle's. -e gives the CLI something to run (without
// a file or -e it opens a terminal instead), and without a file it sends no reset() and no load(): the
// running firmware and the old .bootcde stay as they are. --no-ble: its Bluetooth scanner crashes the
// CLI where there is no D-Bus. --board with a local file: otherwise it downloads the board's JSON from
// espruino.com, which fails offline.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AgentError } from "../errors.ts";
import { onPath } from "../on-path.ts";
import { judgeUpload, UPLOAD_MARK_CODE, type UploadVerdict } from "./cli-output.ts";
import { STAGED_FILE } from "./stage.ts";
import { udevShim } from "./udev-shim.ts";

export interface UploadOptions {
  root: string;
  port: string;
  bundlePath: string;
  /** Espruino's board name (ESP32, PICO_R1_3, ESP8266_4MB). */
  espruinoBoard: string;
  env: NodeJS.ProcessEnv;
  /** The CLI gives up after this long (a board that stops answering mid-upload). */
  timeoutMs: number;
  /** The espruino CLI found before the board was touched (default: findEspruinoCli). */
  cli?: EspruinoCli;
}

/** How to start the espruino CLI: a program and the arguments before the CLI's own. */
export interface EspruinoCli {
  command: string;
  args: string[];
}

/**
 * The espruino CLI: the `espruino` package where banken's own modules resolve it (a checkout's
 * devDependency, or installed beside a global banken), else an `espruino` on PATH. It is an optional
 * peer dependency, not a dependency: it brings ~220 packages, among them Bluetooth and USB modules
 * with native install scripts, and only `banken flash` needs it. Missing, the error says how to get
 * the version banken is tested with.
 */
export function findEspruinoCli(root: string, env: NodeJS.ProcessEnv): EspruinoCli {
  try {
    const manifestPath = createRequire(join(root, "package.json")).resolve("espruino/package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: string | Record<string, string> };
    const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.espruino;
    if (bin !== undefined) return { command: process.execPath, args: [join(dirname(manifestPath), bin)] };
  } catch {
    // not resolvable from here: look on PATH
  }
  const onPathCli = onPath("espruino", env.PATH);
  if (onPathCli !== null) return { command: onPathCli, args: [] };
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { peerDependencies?: Record<string, string> };
  const version = pkg.peerDependencies?.espruino ?? "latest";
  throw new AgentError("usage", `the espruino CLI is not installed (it writes the firmware): npm install -g espruino@${version}`);
}

export async function uploadWithEspruinoCli(o: UploadOptions): Promise<UploadVerdict> {
  const cli = o.cli ?? findEspruinoCli(o.root, o.env);
  const shim = udevShim(o.port, o.env);
  const boardDir = mkdtempSync(join(tmpdir(), "banken-board-"));
  const boardJson = join(boardDir, `${o.espruinoBoard}.json`);
  // binary_version: any 2v.. tells the CLI the board has Storage (since 1v96).
  writeFileSync(boardJson, JSON.stringify({ info: { id: o.espruinoBoard, binary_version: "2v00", builtin_modules: ["Storage"] } }));
  try {
    const args = ["--no-ble", "-p", o.port, "-b", "115200", "--board", boardJson, "--storage", `${STAGED_FILE}:${o.bundlePath}`, "-e", `print(${UPLOAD_MARK_CODE})`];
    const child = spawn(cli.command, [...cli.args, ...args], { env: shim.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("latin1");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, o.timeoutMs);
    const exit = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
    clearTimeout(timer);
    if (timedOut) return { ok: false, problem: `the upload did not finish within ${o.timeoutMs} ms (--upload-timeout)` };
    const verdict = judgeUpload(output);
    if (exit !== 0 && verdict.ok) return { ...verdict, ok: false, problem: `the espruino CLI exited with ${exit ?? "a signal"}` };
    return verdict;
  } finally {
    shim.remove();
    rmSync(boardDir, { recursive: true, force: true });
  }
}
