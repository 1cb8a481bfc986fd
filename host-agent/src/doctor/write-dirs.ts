// `banken doctor`: the directories the agent writes in as root (the state directory with the
// sequence claims, the metrics file's directory) must be ones only root or the agent's user can
// change, else every write is refused (install/atomic-write.ts); say so before a beat fails.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { checkWritableDirectory, UntrustedPathError } from "../config/trust.ts";
import { fail, ok, type Finding } from "./findings.ts";

export function checkWriteDirectories(stateDir: string, metricsFile: string | undefined): Finding {
  const what = "directories the agent writes";
  const dirs = [stateDir, ...(metricsFile === undefined ? [] : [dirname(metricsFile)])].filter((dir) => existsSync(dir));
  for (const dir of dirs) {
    try {
      checkWritableDirectory(dir);
    } catch (error) {
      if (error instanceof UntrustedPathError) return fail(what, error.message, error.fix);
      throw error;
    }
  }
  return ok(what, dirs.length === 0 ? "none yet (created on the first beat)" : `${dirs.join(", ")}: only root or the agent's user can change them`);
}
