// `banken run`: the service. Beats every interval while the checks pass, re-opens the port after an
// unplug, logs every state change, and on SIGTERM stops WITHOUT disarming the board (a stopped agent
// must still get the host reset) unless --disarm-on-exit.
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { streamLogger } from "../log.ts";
import { DEFAULT_CONTROL_SOCKET } from "../control/protocol.ts";
import { BOARD_OPTIONS, BOARD_OPTIONS_HELP, CONTROL_OPTION, durationArg, parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import { BeatService } from "../service/beat-service.ts";
import { tuneHeapForService } from "../service/heap.ts";
import { stateDir } from "../heartbeat/sequence.ts";
import { devicePath, loadSettings } from "../cli/settings.ts";
import type { CommandContext } from "../cli/command-types.ts";

const HELP = `usage: banken run [options]
The service: runs the checks and sends a heartbeat every interval while they pass.
Rounds start on a fixed cadence (start + k·interval); a round that overruns skips the missed slots.
${BOARD_OPTIONS_HELP}
      --interval D       time between heartbeats (default: the config's interval, else a third of the board's timeout)
      --force            accept an interval that is not comfortably below the board's timeout
      --disarm-on-exit   send DISARM when stopped (default: the board keeps counting down and resets the host)
      --state-dir DIR    where the sequence number is kept
      --metrics-file F   rewrite F with the board's state as Prometheus metrics after every round
                         (default: the config's metrics-file)
      --control PATH     the control socket through which status, hold, config, log, arm, disarm
                         and test reach the board while the service holds the port (mode 0600, in a
                         directory no one else can write; default: the config's control-socket,
                         else ${DEFAULT_CONTROL_SOCKET})`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", argv, {
    ...BOARD_OPTIONS,
    ...CONTROL_OPTION,
    interval: { type: "string" },
    force: { type: "boolean" },
    "disarm-on-exit": { type: "boolean" },
    "state-dir": { type: "string" },
    "metrics-file": { type: "string" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("run", positionals);
  tuneHeapForService(); // before the service allocates anything (service/heap.ts says why)
  const config = await loadSettings(values.config, ctx.env);
  const intervalMs = values.interval === undefined ? config?.interval : durationArg("--interval", values.interval, 0);
  if (intervalMs !== undefined && intervalMs <= 0) throw new AgentError("usage", "--interval must be more than 0");
  const path = devicePath(values.port, config);
  const dir = stateDir(values["state-dir"], config?.stateDir, ctx.env);
  const log = streamLogger(ctx.stdout, ctx.stderr);
  // Loaded only with a [fleet] table: without one the service is what it was.
  const fleet = config?.fleet === undefined ? undefined : await (await import("../fleet/start.ts")).startGuard(config.fleet, log, dir);
  const service = new BeatService({
    path,
    flags: values,
    config,
    intervalMs,
    force: values.force === true,
    disarmOnExit: values["disarm-on-exit"] === true,
    stateDir: dir,
    log,
    signal: ctx.signal,
    metricsFile: values["metrics-file"] ?? config?.metricsFile,
    ...(fleet === undefined ? {} : { fleet }),
  });
  const running = service.run(); // logs "starting" before the socket's line
  running.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const { ControlServer } = await import("../control/server.ts");
  const control = await ControlServer.start({ path: values.control ?? config?.controlSocket ?? DEFAULT_CONTROL_SOCKET, device: path, target: service, log });
  try {
    await running;
  } finally {
    await control?.close();
  }
  return EXIT.ok;
}
