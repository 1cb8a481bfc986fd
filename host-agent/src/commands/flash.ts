// `banken flash --board esp32 --port /dev/ttyUSB0`: build if needed, hand the REPL back from a
// running banken firmware (CONSOLE), erase the old boot code and compact Storage, upload with the
// espruino CLI to .bootcde at 115200, then check that the new version answers HELLO.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { ensureBuilt } from "../flash/build.ts";
import { uploadWithEspruinoCli } from "../flash/espruino-cli.ts";
import { handOffConsole } from "../flash/handoff.ts";
import { verifyHello } from "../flash/verify.ts";
import { repoRoot } from "../sim/root.ts";
import { durationArg, parseCommandArgs, refuseExtraArguments } from "./args.ts";
import type { CommandContext } from "./types.ts";

/** Espruino's own name for each board file's board (what `process.env.BOARD` says on it). */
const ESPRUINO_BOARD: Record<string, string> = { esp32: "ESP32", pico: "PICO_R1_3", esp8266: "ESP8266_4MB" };

const HELP = `usage: banken flash --board esp32|pico|esp8266 --port PATH [options]
Builds the firmware if needed and writes it to the board's flash (.bootcde) with the espruino CLI.
A running banken firmware is asked for the REPL first (CONSOLE); the board keeps its config and history.
  -b, --board ID          board file: ${Object.keys(ESPRUINO_BOARD).join(", ")}
  -p, --port PATH         the board's serial device (/dev/ttyUSB0, /dev/banken, /dev/serial/by-id/...)
      --upload-timeout D  give up on the upload after this long (default 2m)
      --verify-timeout D  wait this long for the new firmware's HELLO (default 10s)`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("flash", argv, {
    board: { type: "string", short: "b" },
    port: { type: "string", short: "p" },
    "upload-timeout": { type: "string" },
    "verify-timeout": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("flash", positionals);
  const board = values.board;
  if (board === undefined || !Object.hasOwn(ESPRUINO_BOARD, board)) throw new AgentError("usage", `--board must be one of ${Object.keys(ESPRUINO_BOARD).join(", ")}`);
  if (values.port === undefined) throw new AgentError("usage", "--port is required (banken ports lists candidates)");
  const uploadTimeoutMs = durationArg("--upload-timeout", values["upload-timeout"], 120000);
  const verifyTimeoutMs = durationArg("--verify-timeout", values["verify-timeout"], 10000);
  const progress = (line: string): void => void ctx.stdout.write(`flash: ${line}\n`);

  const root = repoRoot();
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const bundlePath = join(root, "dist/firmware", `${board}.js`);
  ensureBuilt(root, bundlePath, progress);
  const bundleBytes = statSync(bundlePath).size;

  progress(`connecting to ${values.port}`);
  await handOffConsole(values.port, progress);
  progress(`uploading ${bundlePath} (${bundleBytes} bytes, firmware ${version}) with the espruino CLI`);
  const verdict = await uploadWithEspruinoCli({
    root,
    port: values.port,
    bundlePath,
    bundleBytes,
    espruinoBoard: ESPRUINO_BOARD[board],
    env: ctx.env,
    timeoutMs: uploadTimeoutMs,
    progress,
  });
  if (!verdict.ok) throw new AgentError("no-answer", `upload failed: ${verdict.problem}`);
  progress("upload complete; waiting for the new firmware to answer HELLO");
  const hello = await verifyHello(values.port, version, verifyTimeoutMs);
  progress(`done: banken firmware ${hello.fw} answers on ${values.port} (board ${hello.board})`);
  return EXIT.ok;
}
