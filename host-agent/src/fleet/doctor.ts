// `banken doctor` for a [fleet] table: is the lock service reachable, and does the group exist?
import { fail, ok, warn, type Finding } from "../doctor/findings.ts";
import { openBackend } from "./open-backend.ts";
import type { FleetConfig } from "./config.ts";

const TIMEOUT_MS = 3000;

export async function checkFleet(config: FleetConfig): Promise<Finding[]> {
  const what = "fleet lock service";
  if (config.backend === "fleetlock") {
    // The protocol has no harmless request (a steady-state POST would give up this host's slot):
    // any HTTP answer from the base URL shows the server is there.
    const answered = await fetch(config.endpoints[0], { signal: AbortSignal.timeout(TIMEOUT_MS) }).then((r) => `HTTP ${r.status}`, (e: Error) => e);
    return typeof answered === "string"
      ? [ok(what, `FleetLock server ${config.endpoints[0]} answers (${answered}); group ${config.group} is the server's to define`)]
      : [fail(what, `FleetLock server ${config.endpoints[0]} does not answer: ${(answered.cause as { code?: string } | undefined)?.code ?? answered.message}`, onUnreachableFix(config))];
  }
  let backend;
  try {
    backend = await openBackend(config, TIMEOUT_MS);
  } catch (error) {
    return [fail(what, (error as Error).message, "fix the [fleet] TLS and auth files")];
  }
  try {
    const answer = await backend.peek();
    if (answer.kind === "unreachable") return [fail(what, `etcd at ${config.endpoints.join(", ")} does not answer: ${answer.reason}`, onUnreachableFix(config))];
    const view = answer.kind === "done" ? answer.view : null;
    const reachable = ok(what, `etcd at ${config.endpoints.join(", ")} answers`);
    if (view === null) return [reachable, warn("fleet group", `${config.group} does not exist yet`, `the first host that needs a slot creates it with max-concurrent ${config.maxConcurrent}; to create it now: banken fleet set-max ${config.maxConcurrent}`)];
    const lost = view.holders.filter((h) => h.lostBy !== undefined).map((h) => h.id);
    const group = `${config.group}: ${view.holders.length}/${view.max} slots held${view.holders.length > 0 ? ` by ${view.holders.map((h) => h.id).join(", ")}` : ""}`;
    if (lost.length > 0) return [reachable, warn("fleet group", `${group}; lost: ${lost.join(", ")}`, `once those hosts are dealt with: banken fleet unlock ${lost[0]}`)];
    if (view.max !== config.maxConcurrent) return [reachable, warn("fleet group", `${group}; the config says max-concurrent ${config.maxConcurrent}`, `the group's value wins; to change it: banken fleet set-max ${config.maxConcurrent}`)];
    return [reachable, ok("fleet group", group)];
  } finally {
    await backend.close();
  }
}

function onUnreachableFix(config: FleetConfig): string {
  return `check endpoints and the network; meanwhile a failing host ${config.onUnreachable === "act" ? "acts alone after isolation-grace" : "keeps beating (on-unreachable = hold)"}`;
}
