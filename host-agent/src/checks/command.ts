// kind = "command": any program exiting 0 is healthy (watchdog.conf test-binary). It runs directly,
// not through a shell; use command = ["sh", "-c", "..."] for shell syntax.

import { describeEnd, lastLine, runCommand } from "./command-runner.ts";
import type { CheckFunction, CommandCheck } from "./types.ts";

export const commandCheck: CheckFunction<CommandCheck> = async (spec, context) => {
  const result = await runCommand(spec.argv, context.timeoutMs, { signal: context.signal, env: context.env });
  const program = spec.argv[0];
  if (result.startError !== undefined) return { status: "unknown", detail: `${program} ${describeEnd(result)}` };
  if (result.code === 0) return { status: "ok", detail: `${program} exited with code 0` };
  const said = lastLine(result.output);
  return { status: "fail", detail: `${program} ${describeEnd(result)}${said === "" ? "" : `: ${said}`}` };
};
