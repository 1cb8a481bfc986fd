// Filesystem questions for the file, disk and pidfile checks are asked in a child process
// (coreutils `stat`, `cat`), never in the agent: a stat on a hung NFS mount blocks forever, and in
// Node's own thread pool it would also block the agent's exit. A child can be killed and left behind.

import { describeEnd, runCommand } from "./command-runner.ts";
import type { CheckContext } from "./types.ts";

export type ProbeAnswer = { ok: true; output: string } | { ok: false; problem: string; missing: boolean };

export async function probe(argv: string[], context: CheckContext): Promise<ProbeAnswer> {
  const result = await runCommand(argv, context.timeoutMs, { signal: context.signal, env: context.env });
  if (result.code === 0) return { ok: true, output: result.output };
  const said = result.output.split("\n")[0].replace(/^[a-z]+: /, "");
  const missing = /No such file or directory/.test(result.output);
  return { ok: false, missing, problem: said !== "" && result.startError === undefined ? said : `${argv[0]} ${describeEnd(result)}` };
}
