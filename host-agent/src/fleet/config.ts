// The [fleet] table of banken.toml (docs/fleet.md): which lock service coordinates this host's
// deliberate resets with the rest of its group. Without the table the agent behaves as without a fleet.
import type { TableReader } from "../config/table-reader.ts";

export type FleetBackend = "etcd" | "fleetlock";

export interface FleetTls {
  /** PEM file of the CA that signed the etcd members' certificates. */
  caFile?: string;
  /** Client certificate and key (PEM), for etcd's --client-cert-auth. */
  certFile?: string;
  keyFile?: string;
}

export interface FleetConfig {
  backend: FleetBackend;
  /** etcd: the cluster's client URLs; fleetlock: the server's base URL (one). */
  endpoints: string[];
  group: string;
  /** Undefined: read /etc/machine-id when the guard starts. */
  id?: string;
  /** Slots per group (etcd only; a FleetLock server has its own). */
  maxConcurrent: number;
  lostAfterMs: number;
  onLost: "keep" | "release";
  onUnreachable: "act" | "hold";
  /** Undefined: twice the board's timeoutMs, known once the board answered. */
  isolationGraceMs?: number;
  tls?: FleetTls;
  /** etcd role-based auth: user name, and a file holding the password (not the password itself). */
  username?: string;
  passwordFile?: string;
}

export const DEFAULT_GROUP = "default";
export const DEFAULT_LOST_AFTER_MS = 30 * 60000;
/** FleetLock's rule for group names (Zincati's protocol.md); used for etcd too, as it names a key. */
const GROUP_PATTERN = /^[a-zA-Z0-9.-]+$/;

export function readFleet(table: TableReader): FleetConfig {
  const backend = table.requiredString("backend", "etcd");
  if (backend !== "etcd" && backend !== "fleetlock") table.fail("backend", `expected "etcd" or "fleetlock", not "${backend}"`);
  const endpoints = table.stringArray("endpoints") ?? table.fail("endpoints", 'missing (e.g. endpoints = ["https://10.0.0.5:2379"])');
  if (endpoints.length === 0) table.fail("endpoints", "expected at least one URL");
  for (const url of endpoints) if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) table.fail("endpoints", `"${url}" is not an http:// or https:// URL`);
  if (backend === "fleetlock" && endpoints.length !== 1) table.fail("endpoints", "a FleetLock server is one URL");
  const group = table.string("group") ?? DEFAULT_GROUP;
  if (!GROUP_PATTERN.test(group)) table.fail("group", "expected letters, digits, dots and dashes only");
  const id = table.string("id");
  if (id !== undefined && /\s/.test(id)) table.fail("id", "expected no spaces");
  const max = table.integer("max-concurrent", 1, 100000);
  if (max !== undefined && backend === "fleetlock") table.fail("max-concurrent", "the FleetLock server decides the slots of its groups; set them there");
  const onLost = table.string("on-lost") ?? "keep";
  if (onLost !== "keep" && onLost !== "release") table.fail("on-lost", `expected "keep" or "release", not "${onLost}"`);
  const onUnreachable = table.string("on-unreachable") ?? "act";
  if (onUnreachable !== "act" && onUnreachable !== "hold") table.fail("on-unreachable", `expected "act" or "hold", not "${onUnreachable}"`);
  const config: FleetConfig = {
    backend,
    endpoints,
    group,
    maxConcurrent: max ?? 1,
    lostAfterMs: table.duration("lost-after") ?? DEFAULT_LOST_AFTER_MS,
    onLost,
    onUnreachable,
  };
  if (id !== undefined) config.id = id;
  const grace = table.duration("isolation-grace");
  if (grace !== undefined) config.isolationGraceMs = grace;
  const tls = { caFile: table.string("ca-file"), certFile: table.string("cert-file"), keyFile: table.string("key-file") };
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) table.fail(tls.certFile === undefined ? "key-file" : "cert-file", "cert-file and key-file go together");
  if (tls.caFile !== undefined || tls.certFile !== undefined) config.tls = Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined));
  const username = table.string("username");
  const passwordFile = table.string("password-file");
  if ((username === undefined) !== (passwordFile === undefined)) table.fail(username === undefined ? "password-file" : "username", "username and password-file go together");
  if (username !== undefined) Object.assign(config, { username, passwordFile });
  if (backend === "fleetlock" && (username !== undefined || tls.certFile !== undefined)) table.fail(username !== undefined ? "username" : "cert-file", "etcd only (FleetLock has no client authentication)");
  table.finish();
  return config;
}
