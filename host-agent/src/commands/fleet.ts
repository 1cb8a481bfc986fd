// `banken fleet status|unlock|set-max`: the group as the lock service holds it, for the admin. Reads
// the same config as `run` and `beat` (its [fleet] table). docs/fleet.md.
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import type { LockAnswer, LockBackend } from "../fleet/backend.ts";
import type { FleetConfig } from "../fleet/config.ts";
import { describeHolders } from "../fleet/decide.ts";
import { lastLine } from "../fleet/last-word.ts";
import { humanDuration } from "../units.ts";
import { parseCommandArgs } from "../cli/args.ts";
import { stateDir } from "../heartbeat/sequence.ts";
import { loadSettings } from "../cli/settings.ts";
import type { CommandContext } from "../cli/command-types.ts";

const HELP = `usage: banken fleet status [--json] | unlock <id> | set-max <n>   [options]
The fleet guard's group (the [fleet] table of the config; docs/fleet.md):
  status        group, slots, holders with their age, the lost ones, and this host's last word
  unlock <id>   force-release the slot of <id> (a host that is dead for good)
  set-max <n>   change the group's slots (etcd only; a FleetLock server has its own)
  -c, --config FILE      agent config (default /etc/banken/banken.toml if it exists; $BANKEN_CONFIG)
      --state-dir DIR    where \`banken run\` leaves its last fleet line (status)
      --json             status as JSON`;

/** How long an admin command waits for the lock service. */
const TIMEOUT_MS = 5000;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("fleet", argv, {
    config: { type: "string", short: "c" },
    "state-dir": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  const [verb, ...rest] = positionals;
  const expected = { status: 0, unlock: 1, "set-max": 1 } as Record<string, number>;
  if (verb === undefined || expected[verb] === undefined) throw new AgentError("usage", `expected status, unlock <id> or set-max <n>${verb === undefined ? "" : `, not "${verb}"`} (banken fleet --help)`);
  if (rest.length !== expected[verb]) throw new AgentError("usage", `${verb} takes ${expected[verb] === 0 ? "no argument" : "one argument"} (banken fleet --help)`);
  const config = await loadSettings(values.config, ctx.env);
  const fleet = config?.fleet;
  if (fleet === undefined) throw new AgentError("usage", "the config has no [fleet] table: this host is in no group (docs/fleet.md)");
  const max = verb === "set-max" ? Number(rest[0]) : 0;
  if (verb === "set-max" && (!Number.isInteger(max) || max < 1 || max > 100000)) throw new AgentError("usage", `set-max: expected an integer from 1 to 100000, not "${rest[0]}"`);
  if (verb === "set-max" && fleet.backend !== "etcd") throw new AgentError("usage", "set-max: the FleetLock protocol has no request for it; set the group's slots on the server");

  const { openBackend } = await import("../fleet/open-backend.ts");
  const backend = await openBackend(fleet, TIMEOUT_MS);
  try {
    if (verb === "status") return await status(backend, fleet, stateDir(values["state-dir"], config?.stateDir, ctx.env), values.json === true, ctx);
    const answer = verb === "unlock" ? await backend.release(rest[0]) : await backend.setMax(max);
    const view = answered(answer, backend);
    ctx.stdout.write(verb === "unlock" ? `released ${rest[0]}'s slot in ${fleet.group} (if it held one)${view === "" ? "" : `; now ${view}`}\n` : `${fleet.group} has ${max} slot(s)${view === "" ? "" : `; now ${view}`}\n`);
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}

async function status(backend: LockBackend, fleet: FleetConfig, dir: string, json: boolean, ctx: CommandContext): Promise<number> {
  const answer = await backend.peek();
  answered(answer, backend);
  const view = answer.kind === "done" ? answer.view : null;
  const nowMs = Date.now();
  const local = lastLine(dir);
  if (json) {
    const holders = view?.holders.map((h) => ({ ...h, ageMs: Math.max(0, nowMs - h.sinceMs), lost: h.lostBy !== undefined })) ?? null;
    ctx.stdout.write(`${JSON.stringify({ backend: fleet.backend, group: fleet.group, max: view?.max ?? null, holders, thisHost: local }, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`${backend.label}`];
  if (fleet.backend === "fleetlock") lines.push("holders: the FleetLock protocol has no read request; ask the server (airlock exports them as metrics)");
  else if (view === null) lines.push(`no such group yet: the first host that needs a slot creates it with max-concurrent ${fleet.maxConcurrent} (or: banken fleet set-max N)`);
  else {
    lines.push(describeHolders(view, nowMs, humanDuration));
    for (const h of view.holders.filter((x) => x.lostBy !== undefined)) {
      lines.push(`LOST: ${h.id} held its slot past lost-after; marked by ${h.lostBy} ${humanDuration(Math.max(0, nowMs - (h.lostAtMs ?? nowMs)))} ago; \`banken fleet unlock ${h.id}\` frees it`);
    }
  }
  if (local !== null) lines.push(`this host: ${local.line === "" ? local.status : local.line.replace(/^fleet: /, "")} (${humanDuration(Math.max(0, nowMs - local.atMs))} ago)`);
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}

/** The view in words, or "" (FleetLock); an unanswered request is exit 7 with the service's reason. */
function answered(answer: LockAnswer, backend: LockBackend): string {
  if (answer.kind === "unreachable") throw new AgentError("no-answer", `${backend.label}: ${answer.reason}`);
  if (answer.kind === "refused") throw new AgentError("refused", `${backend.label}: ${answer.reason}`);
  return answer.view === null ? "" : describeHolders(answer.view, Date.now(), humanDuration);
}
