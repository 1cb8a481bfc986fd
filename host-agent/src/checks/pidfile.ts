// kind = "pidfile": the process whose pid a daemon wrote to its pidfile must be alive
// (watchdog.conf `pidfile`). The file is read by `cat` in a child process (pidfiles can live on
// slow or network filesystems); liveness is kill(pid, 0), which never blocks.

import { probe } from "./fs-probe.ts";
import type { CheckFunction, PidfileCheck } from "./types.ts";

export const pidfileCheck: CheckFunction<PidfileCheck> = async (spec, context) => {
  const answer = await probe(["cat", "--", spec.path], context);
  if (!answer.ok) return { status: "fail", detail: answer.missing ? `${spec.path} does not exist (daemon not running?)` : `cannot read ${spec.path}: ${answer.problem}` };
  const text = answer.output.split("\n")[0].trim();
  const pid = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(pid) || pid <= 0) return { status: "fail", detail: `${spec.path} holds no pid (${JSON.stringify(text.slice(0, 40))})` };
  try {
    process.kill(pid, 0);
    return { status: "ok", detail: `process ${pid} from ${spec.path} is alive` };
  } catch (error) {
    // EPERM: it exists but belongs to another user; alive all the same.
    if ((error as NodeJS.ErrnoException).code === "EPERM") return { status: "ok", detail: `process ${pid} from ${spec.path} is alive (another user's)` };
    return { status: "fail", detail: `process ${pid} from ${spec.path} is not running` };
  }
};
