// `banken beat`: one heartbeat, for cron. Silent on success; one line on stderr otherwise.
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { BOARD_OPTIONS, BOARD_OPTIONS_HELP, parseCommandArgs } from "./args.ts";
import { withBoard } from "./connect.ts";
import { checkHealth, runHook } from "./health.ts";
import { hostBootId, nextSequence, stateDir } from "./sequence.ts";
import { devicePath, loadSettings } from "./settings.ts";
import type { CommandContext } from "./types.ts";

const HELP = `usage: banken beat [options]
Runs the health checks of the config file; if they all pass, sends BEAT seq=N boot=ID and waits for OK.
Prints nothing on success. Exit codes: banken help exit-codes.
${BOARD_OPTIONS_HELP}
      --state-dir DIR    where the sequence number is kept`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("beat", argv, { ...BOARD_OPTIONS, "state-dir": { type: "string" } });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  if (positionals.length > 0) throw new AgentError("usage", `beat: unexpected argument "${positionals[0]}"`);
  const config = await loadSettings(values.config, ctx.env);

  const health = await checkHealth(config, ctx.signal);
  if (!health.passed) {
    const repaired = config?.repair === undefined ? "" : `; ${await runHook("repair", config.repair, ctx.signal)}`;
    throw new AgentError("checks-failed", `checks failed, no heartbeat sent: ${health.summary}${repaired}`);
  }

  const sequence = nextSequence(stateDir(values["state-dir"], config?.stateDir, ctx.env));
  const bootId = hostBootId();
  const request = `BEAT seq=${sequence.seq}${bootId === "" ? "" : ` boot=${bootId}`}`;
  await withBoard(devicePath(values.port, config), values, (client) => client.request(request));
  if (sequence.problem !== null) ctx.stderr.write(`banken beat: sent, but ${sequence.problem}\n`);
  return EXIT.ok;
}
