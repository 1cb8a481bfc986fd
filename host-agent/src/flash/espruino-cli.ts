// Runs the espruino CLI (npm package `espruino`, EspruinoTools) to write a bundle to .bootcde:
//   espruino --no-ble -p PORT -b 115200 --board <local json> --config SAVE_ON_SEND=1 bundle.js
// --no-ble: its Bluetooth scanner crashes the CLI where there is no D-Bus. --board with a local
// file: otherwise it downloads the board's JSON from espruino.com, which fails offline.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentError } from "../errors.ts";
import { judgeUpload, type UploadVerdict } from "./cli-output.ts";
import { udevShim } from "./udev-shim.ts";

export interface UploadOptions {
  root: string;
  port: string;
  bundlePath: string;
  bundleBytes: number;
  /** Espruino's board name (ESP32, PICO_R1_3, ESP8266_4MB). */
  espruinoBoard: string;
  env: NodeJS.ProcessEnv;
  /** The CLI gives up after this long (a board that stops answering mid-upload). */
  timeoutMs: number;
  progress(line: string): void;
}

const CHUNK_BYTES = 1024;

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
  // binary_version: any 2v.. tells the CLI the board has Storage (since 1v96), so it writes .bootcde
  // in chunks instead of falling back to E.setBootCode with the whole bundle in RAM.
  writeFileSync(boardJson, JSON.stringify({ info: { id: o.espruinoBoard, binary_version: "2v00", builtin_modules: ["Storage"] } }));
  const chunks = Math.ceil(o.bundleBytes / CHUNK_BYTES);
  try {
    const args = ["--no-ble", "-p", o.port, "-b", "115200", "--board", boardJson, "--config", "SAVE_ON_SEND=1", o.bundlePath];
    const child = spawn(cli, args, { env: shim.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let written = 0;
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString("latin1");
      output += text;
      const now = (output.match(/=true/g) ?? []).length;
      if (now !== written) {
        written = now;
        o.progress(`uploading: ${Math.min(written, chunks)}/${chunks} KB written to .bootcde`);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGTERM"), o.timeoutMs);
    const exit = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
    clearTimeout(timer);
    const verdict = judgeUpload(output);
    if (exit !== 0 && verdict.ok) return { ...verdict, ok: false, problem: `the espruino CLI exited with ${exit ?? "a signal"}` };
    return verdict;
  } finally {
    shim.remove();
    rmSync(boardDir, { recursive: true, force: true });
  }
}
