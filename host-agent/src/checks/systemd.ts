// kind = "systemd": `systemctl is-active UNIT` must print "active". Any other unit state is a
// failure; no systemd (a container, an init-less chroot) or no systemctl is "unknown".

import { describeEnd, lastLine, runCommand } from "./command-runner.ts";
import type { CheckFunction, SystemdCheck } from "./types.ts";

/** States systemctl is-active prints for a unit; anything else is systemctl talking about itself. */
const UNIT_STATES = ["active", "reloading", "inactive", "failed", "activating", "deactivating", "maintenance", "refreshing"];

export const systemdCheck: CheckFunction<SystemdCheck> = async (spec, context) => {
  const result = await runCommand(["systemctl", "is-active", "--", spec.unit], context.timeoutMs, { signal: context.signal, env: context.env });
  if (result.startError !== undefined) return { status: "unknown", detail: `systemctl ${describeEnd(result)}` };
  const state = lastLine(result.output);
  if (result.code === 0 && state === "active") return { status: "ok", detail: `${spec.unit} is active` };
  if (UNIT_STATES.includes(state)) return { status: "fail", detail: `${spec.unit} is ${state}` };
  return { status: "unknown", detail: `cannot ask systemd about ${spec.unit}: ${state === "" ? `systemctl ${describeEnd(result)}` : state}` };
};
