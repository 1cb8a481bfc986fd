// The health checks' shared vocabulary: what a configured check looks like (CheckSpec), what one
// run of it reports (CheckResult), and what a check implementation gets to work with (CheckContext).

/** Every kind of check, named after the Debian watchdog daemon's watchdog.conf where it has one. */
export const CHECK_KINDS = ["ping", "http", "file", "load", "memory", "disk", "pidfile", "systemd", "command"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

interface CheckCommon {
  /** Unique within a config; used in messages and metrics labels. */
  name: string;
  /** The check is killed and reported "timeout" when it runs longer than this. */
  timeoutMs: number;
}

/** A reachable host: the system `ping` (ICMP), or a TCP connect when `port` is set. */
export interface PingCheck extends CheckCommon { kind: "ping"; host: string; port?: number }
/** An HTTP(S) GET answering with one of `expectStatus`. */
export interface HttpCheck extends CheckCommon { kind: "http"; url: string; expectStatus: number[]; insecure: boolean }
/** A file modified within `maxAgeMs` (watchdog.conf `file` + `change`). */
export interface FileCheck extends CheckCommon { kind: "file"; path: string; maxAgeMs: number }
/** Load averages at or below their maxima (watchdog.conf `max-load-1/5/15`); at least one is set. */
export interface LoadCheck extends CheckCommon { kind: "load"; maxLoad1?: number; maxLoad5?: number; maxLoad15?: number }
/** At least `minAvailableBytes` of MemAvailable (watchdog.conf `min-memory`, in bytes, not pages). */
export interface MemoryCheck extends CheckCommon { kind: "memory"; minAvailableBytes: number }
/** Free space on the filesystem holding `path`: exactly one of the two minima is set. */
export interface DiskCheck extends CheckCommon { kind: "disk"; path: string; minFreeBytes?: number; minFreePercent?: number }
/** The process named by a pidfile is alive (watchdog.conf `pidfile`). */
export interface PidfileCheck extends CheckCommon { kind: "pidfile"; path: string }
/** `systemctl is-active unit` says "active". */
export interface SystemdCheck extends CheckCommon { kind: "systemd"; unit: string }
/** Any program exiting 0 (watchdog.conf `test-binary`); run directly, not through a shell. */
export interface CommandCheck extends CheckCommon { kind: "command"; argv: string[] }

export type CheckSpec =
  | PingCheck | HttpCheck | FileCheck | LoadCheck | MemoryCheck | DiskCheck | PidfileCheck | SystemdCheck | CommandCheck;

/**
 * ok: healthy. fail: the check ran and found the host unhealthy. unknown: the check could not be
 * carried out (tool missing, not permitted, cancelled). timeout: killed at its time limit.
 * Only "ok" counts as passing.
 */
export type CheckStatus = "ok" | "fail" | "unknown" | "timeout";

export interface CheckResult {
  name: string;
  kind: string;
  status: CheckStatus;
  /** Human words: "no reply from 10.0.0.1", "/var/log/app.log last changed 12 min ago (limit 5 min)". */
  detail: string;
  /** Wall time the check took, integer ms. */
  ms: number;
}

/** What a check implementation returns; the runner adds name, kind, ms and timeouts. */
export interface CheckOutcome { status: "ok" | "fail" | "unknown"; detail: string }

export interface CheckContext {
  /** Aborted when the check's time limit or the run's deadline passes: stop and kill children. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Environment for child processes (PATH decides which `ping`, `stat`, `systemctl` run). */
  env: NodeJS.ProcessEnv;
  /** Where /proc lives; tests point it at a directory with their own loadavg and meminfo. */
  procDir: string;
}

export type CheckFunction<S extends CheckSpec> = (spec: S, context: CheckContext) => Promise<CheckOutcome>;
