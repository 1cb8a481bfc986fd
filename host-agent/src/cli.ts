// Entry point of the `banken` command (bin/banken.js imports the bundled copy of this file).
// Only main() decides the exit code: commands return it or throw; an expected failure becomes one
// line on stderr, anything else is a bug and keeps its stack trace.
import { expectedFailure } from "./errors.ts";
import { EXIT } from "./exit-codes.ts";
import { COMMANDS } from "./commands/index.ts";
import { bankenVersion } from "./version.ts";
import type { CommandContext } from "./cli/command-types.ts";

const EXIT_CODES_HELP = `exit codes:
  0  ok (beat: the board acknowledged the heartbeat)
  1  internal error (a bug; please report it with the output)
  2  usage or config file error; nothing was sent (doctor: the config does not load)
  3  health checks failed; no heartbeat was sent (doctor: something else to fix)
  4  device missing (unplugged, wrong --port)
  5  device busy (another agent holds the port)
  6  permission denied on the device (group dialout)
  7  no answer, garbage, not a banken board, or the board went away mid-request
  8  the board refused the request (ERR: locked, out of range, not allowed now)
  9  not a serial port (--port names a plain file, a directory, /dev/null...)`;

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return `usage: banken <command> [options]   (banken <command> --help for its options; banken --version)\n\ncommands:\n${lines.join("\n")}\n\n${EXIT_CODES_HELP}\n`;
}

export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    ctx.stdout.write(rest[0] === "exit-codes" ? `${EXIT_CODES_HELP}\n` : help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    ctx.stdout.write(`banken ${bankenVersion()}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    ctx.stderr.write(`banken: unknown command "${name}" (banken help lists them)\n`);
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, ctx);
  } catch (error) {
    const expected = expectedFailure(error);
    if (expected === null) {
      ctx.stderr.write(`banken ${name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      return EXIT.internal;
    }
    ctx.stderr.write(`banken ${name}: ${expected.message}\n`);
    return expected.exitCode;
  }
}

/** Runs the CLI on this process: signals abort long-running commands, the result is the exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // A reader that went away (`banken install systemd | head -1`) makes the next write fail with
  // EPIPE. Like the default SIGPIPE, it ends the command, but quietly and through the same orderly
  // path as SIGTERM (the port closed, the board told nothing); later writes go nowhere.
  const guarded = new WeakSet<NodeJS.WriteStream>();
  const guard = (stream: NodeJS.WriteStream): NodeJS.WriteStream => {
    if (!guarded.has(stream)) {
      guarded.add(stream);
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
        stop();
      });
    }
    return stream;
  };
  // Getters: process.stdout/stderr are created on first use (a pipe loads the net and stream
  // modules: ~1 MB and a few ms), and a successful `banken beat` never writes to either.
  const ctx: CommandContext = {
    get stdout() {
      return guard(process.stdout);
    },
    get stderr() {
      return guard(process.stderr);
    },
    env: process.env,
    signal: controller.signal,
  };
  const code = await runCli(argv, ctx);
  process.off("SIGTERM", stop);
  process.off("SIGINT", stop);
  process.exitCode = code;
}
