// `banken beat`: one heartbeat, for cron. Silent on success; one line on stderr otherwise.
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { BOARD_OPTIONS, BOARD_OPTIONS_HELP, parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import { withBoard } from "../cli/connect.ts";
import { checkHealth, runHook } from "../heartbeat/health-gate.ts";
import { hostBootId, nextSequence, stateDir } from "../heartbeat/sequence.ts";
import { devicePath, loadSettings } from "../cli/settings.ts";
import type { CommandContext } from "../cli/command-types.ts";

const HELP = `usage: banken beat [options]
Runs the health checks of the config file; if they all pass, sends BEAT seq=N boot=ID and waits for OK.
Prints nothing on success. Exit codes: banken help exit-codes.
${BOARD_OPTIONS_HELP}
      --state-dir DIR    where the sequence number is kept
      --metrics-file F   write the board's state as Prometheus metrics to F (default: the config's metrics-file)`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("beat", argv, { ...BOARD_OPTIONS, "state-dir": { type: "string" }, "metrics-file": { type: "string" } });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("beat", positionals);
  const config = await loadSettings(values.config, ctx.env);
  const path = devicePath(values.port, config);
  const metricsFile = values["metrics-file"] ?? config?.metricsFile;
  // Loaded only with a metrics file: a plain cron beat does not pay for it.
  const metrics = metricsFile === undefined ? null : await import("../heartbeat/beat-metrics.ts");
  const say = (problem: string | null): void => void (problem === null || ctx.stderr.write(`banken beat: ${problem}\n`));

  const dir = stateDir(values["state-dir"], config?.stateDir, ctx.env);
  // With a [fleet] table a failing host first asks its group for a slot (docs/fleet.md); loaded only then.
  const fleetLog = { info: () => undefined, warn: (line: string) => say(line) };
  const fleet = config?.fleet === undefined ? null : await (await import("../fleet/cron.ts")).cronGuard(config.fleet, dir, fleetLog);
  const health = await checkHealth(config, ctx.signal);
  const holdingOff = !health.passed && fleet !== null && (await fleet.failing(path, values, health.summary));
  const withFleet = <T extends object>(snapshot: T): T => (fleet === null ? snapshot : { ...snapshot, fleet: fleet.snapshot() });
  if (!health.passed && !holdingOff) {
    say(await fleet?.save() ?? null);
    const repaired = config?.repair === undefined ? "" : `; ${await runHook("repair", config.repair, ctx.signal)}`;
    if (metrics !== null && metricsFile !== undefined) {
      say(await metrics.writeOrSay(metricsFile, withFleet(metrics.noBeatSnapshot(await metrics.factsWithoutBeat(path, values), health.results))));
    }
    throw new AgentError("checks-failed", `checks failed, no heartbeat sent: ${health.summary}${repaired}`);
  }

  const sequence = nextSequence(dir);
  const bootId = hostBootId();
  const request = `BEAT seq=${sequence.seq}${bootId === "" ? "" : ` boot=${bootId}`}`;
  try {
    await withBoard(path, values, async (client) => {
      const reply = await client.request(request);
      const ackedAtMs = Date.now();
      if (metrics !== null && metricsFile !== undefined) {
        say(await metrics.writeOrSay(metricsFile, withFleet(metrics.beatSnapshot(await metrics.factsAfterBeat(client, reply), health.results, ackedAtMs))));
      }
    });
  } catch (error) {
    if (metrics !== null && metricsFile !== undefined && error instanceof AgentError) {
      say(await metrics.writeOrSay(metricsFile, withFleet(metrics.noBeatSnapshot(null, health.results))));
    }
    say(await fleet?.save() ?? null);
    throw error;
  }
  if (sequence.problem !== null) say(`sent, but ${sequence.problem}`);
  if (fleet !== null) {
    if (health.passed) await fleet.passed();
    say(await fleet.save());
  }
  return EXIT.ok;
}
