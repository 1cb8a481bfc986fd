// `banken flash --board esp32 --port /dev/ttyUSB0`: build if needed; HELLO must name the same board
// (else refused unless --force); hand the REPL back (CONSOLE); upload with the espruino CLI to a
// staging file; check its length and E.CRC32 on the board; only then copy it to .bootcde, check that,
// and restart; then the new version must answer HELLO. A cut or rejected upload leaves the old
// .bootcde in place, and the board restarts into it by itself if the flash is abandoned.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SLOT_NAMES } from "../../../firmware/core/persist.ts";
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { ensureBuilt } from "../flash/build.ts";
import { findEspruinoCli, uploadWithEspruinoCli } from "../flash/espruino-cli.ts";
import { handOffConsole } from "../flash/handoff.ts";
import { LineSession } from "../flash/line-session.ts";
import { armRestartGuard, boardDigest, digestOf, eraseStaged, finishAndLoad, makeRoom, promoteStaged, STAGED_FILE, type Digest } from "../flash/stage.ts";
import { verifyHello } from "../flash/verify.ts";
import { repoRoot } from "../sim/root.ts";
import { durationArg, parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import type { CommandContext } from "../cli/command-types.ts";

/** Espruino's own name for each board file's board (what `process.env.BOARD` says on it). */
const ESPRUINO_BOARD: Record<string, string> = { esp32: "ESP32", pico: "PICO_R1_3", esp8266: "ESP8266_4MB" };
/** The restart guard outlasts the upload's own time limit by this much (verify and copy take seconds). */
const GUARD_MARGIN_MS = 30000;
/** The hold outlasts the guard: the guard's restart, not the hold's end, is what brings the board back. */
const HOLD_MARGIN_MS = 60000;

const HELP = `usage: banken flash --board esp32|pico|esp8266 --port PATH [options]
Builds the firmware if needed and writes it to the board with the espruino CLI: first to a staging
file, checked on the board (length and CRC-32), and only then copied to the boot code (.bootcde).
A running banken firmware is asked for the REPL first (CONSOLE); the board keeps its config and
history. If the flash is cut, the old firmware stays and the board restarts into it by itself.
  -b, --board ID          board file: ${Object.keys(ESPRUINO_BOARD).join(", ")}
  -p, --port PATH         the board's serial device (/dev/ttyUSB0, /dev/banken, /dev/serial/by-id/...)
      --force             flash even if the board says it is another board
      --factory-reset     start from defaults: erase the config and history before the new firmware boots
                          (a locked board refuses any flash: unlocking takes physical access)
      --upload-timeout D  give up on the upload after this long (default 2m)
      --verify-timeout D  wait this long for the new firmware's HELLO (default 10s)`;

async function withSession<T>(port: string, body: (session: LineSession) => Promise<T>): Promise<T> {
  const session = await LineSession.open(port, 2000);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

const sameDigest = (a: Digest | null, b: Digest): boolean => a !== null && a.length === b.length && a.crc === b.crc;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("flash", argv, {
    board: { type: "string", short: "b" },
    port: { type: "string", short: "p" },
    force: { type: "boolean" },
    "factory-reset": { type: "boolean" },
    "upload-timeout": { type: "string" },
    "verify-timeout": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("flash", positionals);
  const board = values.board;
  if (board === undefined || !Object.hasOwn(ESPRUINO_BOARD, board)) throw new AgentError("usage", `--board must be one of ${Object.keys(ESPRUINO_BOARD).join(", ")}`);
  const port = values.port;
  if (port === undefined) throw new AgentError("usage", "--port is required (banken ports lists candidates)");
  const uploadTimeoutMs = durationArg("--upload-timeout", values["upload-timeout"], 120000);
  const verifyTimeoutMs = durationArg("--verify-timeout", values["verify-timeout"], 10000);
  const factoryReset = values["factory-reset"] === true;
  const progress = (line: string): void => void ctx.stdout.write(`flash: ${line}\n`);

  const root = repoRoot();
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const bundlePath = join(root, "dist/firmware", `${board}.js`);
  ensureBuilt(root, bundlePath, progress);
  const bundle = digestOf(readFileSync(bundlePath));
  const espruinoCli = findEspruinoCli(root, ctx.env); // before the board is touched

  progress(`connecting to ${port}`);
  const guardMs = uploadTimeoutMs + GUARD_MARGIN_MS;
  await withSession(port, async (session) => {
    await handOffConsole(session, port, { board, espruinoBoard: ESPRUINO_BOARD[board], force: values.force === true, holdMs: guardMs + HOLD_MARGIN_MS, progress });
    await armRestartGuard(session, port, guardMs);
    await eraseStaged(session, port);
    await makeRoom(session, port, bundle.length, progress);
  });
  progress(`uploading ${bundlePath} (${bundle.length} bytes, firmware ${version}) to ${STAGED_FILE} with the espruino CLI; the old boot code stays until it is verified`);
  const verdict = await uploadWithEspruinoCli({ root, port, bundlePath, espruinoBoard: ESPRUINO_BOARD[board], env: ctx.env, timeoutMs: uploadTimeoutMs, cli: espruinoCli });
  if (!verdict.ok) throw new AgentError("no-answer", `upload failed: ${verdict.problem}; the old firmware is still the boot code`);

  await withSession(port, async (session) => {
    const staged = await boardDigest(session, port, STAGED_FILE);
    if (!sameDigest(staged, bundle)) {
      const seen = staged === null ? "no such file" : `${staged.length} bytes, CRC-32 ${staged.crc}`;
      throw new AgentError("protocol", `upload failed: the board reads ${STAGED_FILE} as ${seen}, not ${bundle.length} bytes, CRC-32 ${bundle.crc}; the old firmware is still the boot code`);
    }
    progress(`verified on the board: ${STAGED_FILE} is ${bundle.length} bytes, CRC-32 ${bundle.crc}`);
    await makeRoom(session, port, bundle.length, progress);
    await promoteStaged(session, port, bundle);
    progress(`the new firmware is the boot code (.bootcde verified)${factoryReset ? "; config and history erased (--factory-reset)" : ""}; restarting`);
    await finishAndLoad(session, port, factoryReset ? SLOT_NAMES : []);
  });
  const hello = await verifyHello(port, version, verifyTimeoutMs);
  progress(`done: banken firmware ${hello.fw} answers on ${port} (board ${hello.board})`);
  return EXIT.ok;
}
