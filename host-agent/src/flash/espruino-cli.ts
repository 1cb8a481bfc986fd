// Runs the espruino CLI (npm package `espruino`, EspruinoTools) to write a bundle to a staging file:
//   espruino --no-ble -p PORT -b 115200 --board <local json> --storage bankenfw.new:bundle.js -e 'print(MARK)'
// --storage NAME:FILE sends the file's bytes as they are (chunked Storage.write of atob(...)), so the
// board's E.CRC32 of it can be compared with the bundle's. -e gives the CLI something to run (without
// a file or -e it opens a terminal instead), and without a file it sends no reset() and no load(): the
// running firmware and the old .bootcde stay as they are. --no-ble: its Bluetooth scanner crashes the
// CLI where there is no D-Bus. --board with a local file: otherwise it downloads the board's JSON from
// espruino.com, which fails offline.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentError } from "../errors.ts";
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
}

export function espruinoCliPath(root: string): string {
  const path = join(root, "node_modules/.bin/espruino");
  if (!existsSync(path)) throw new AgentError("usage", "the espruino CLI is not installed (node_modules/.bin/espruino): run `npm ci` in the banken checkout");
  return path;
}

export async function uploadWithEspruinoCli(o: UploadOptions): Promise<UploadVerdict> {
  const cli = espruinoCliPath(o.root);
  const shim = udevShim(o.port, o.env);
  const boardDir = mkdtempSync(join(tmpdir(), "banken-board-"));
  const boardJson = join(boardDir, `${o.espruinoBoard}.json`);
  // binary_version: any 2v.. tells the CLI the board has Storage (since 1v96).
  writeFileSync(boardJson, JSON.stringify({ info: { id: o.espruinoBoard, binary_version: "2v00", builtin_modules: ["Storage"] } }));
  try {
    const args = ["--no-ble", "-p", o.port, "-b", "115200", "--board", boardJson, "--storage", `${STAGED_FILE}:${o.bundlePath}`, "-e", `print(${UPLOAD_MARK_CODE})`];
    const child = spawn(cli, args, { env: shim.env, stdio: ["ignore", "pipe", "pipe"] });
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
