// The FleetLock backend, speaking the protocol as Zincati does (coreos/zincati,
// docs/development/fleetlock/protocol.md): POST <base>/v1/pre-reboot to take a slot, POST
// <base>/v1/steady-state to give it back, header `fleet-lock-protocol: true`, body
// {"client_params":{"id":..,"group":..}}; 200 is success, anything else a failure whose JSON body
// carries {kind, value}. The protocol has no read, so there is no view of the group here.
import type { LockAnswer, LockBackend } from "./backend.ts";

/**
 * Error kinds that mean "the server cannot decide right now" rather than "no": airlock's names for a
 * semaphore it could not reach in its own etcd. Every other refusal keeps this host beating.
 */
const SERVER_CANNOT_DECIDE = new Set(["failed_sem_init", "nil_server"]);

export class FleetLockClient implements LockBackend {
  readonly label: string;
  private readonly base: string;

  constructor(base: string, private readonly group: string, private readonly timeoutMs: number) {
    this.base = base.replace(/\/+$/, "");
    this.label = `FleetLock server ${this.base} group ${group}`;
  }

  async acquire(id: string): Promise<LockAnswer> {
    const reply = await this.post("/v1/pre-reboot", id);
    if ("unreachable" in reply) return { kind: "unreachable", reason: reply.unreachable };
    return reply.status === 200 ? { kind: "granted", view: null } : { kind: "refused", view: null, reason: reply.reason };
  }

  async release(id: string): Promise<LockAnswer> {
    const reply = await this.post("/v1/steady-state", id);
    if ("unreachable" in reply) return { kind: "unreachable", reason: reply.unreachable };
    // A refused release is retried next round, as Zincati retries its initialization unlock.
    return reply.status === 200 ? { kind: "done", view: null } : { kind: "unreachable", reason: `release refused: ${reply.reason}` };
  }

  async peek(): Promise<LockAnswer> {
    return { kind: "done", view: null };
  }

  async markLost(): Promise<LockAnswer> {
    return { kind: "done", view: null };
  }

  async setMax(): Promise<LockAnswer> {
    return { kind: "refused", view: null, reason: "the FleetLock protocol has no request for it: set the slots on the server" };
  }

  async close(): Promise<void> {}

  private async post(path: string, id: string): Promise<{ status: number; reason: string } | { unreachable: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: { "fleet-lock-protocol": "true", "content-type": "application/json" },
        body: JSON.stringify({ client_params: { id, group: this.group } }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: "error", // the header exists so that a redirect is never followed into a lock
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { unreachable: `${this.base}${path}: ${cause ?? (error as Error).message}` };
    }
    const text = await response.text().catch(() => "");
    if (response.status === 200) return { status: 200, reason: "" };
    const { kind, value } = errorBody(text);
    if ((kind !== undefined && SERVER_CANNOT_DECIDE.has(kind)) || (kind === undefined && response.status >= 502 && response.status <= 504)) {
      return { unreachable: `${this.base}${path}: HTTP ${response.status}${kind === undefined ? "" : ` ${kind}: ${value}`}` };
    }
    return { status: response.status, reason: `HTTP ${response.status} ${kind ?? "(no error kind)"}${value === undefined ? "" : `: ${value}`}` };
  }
}

/** {kind, value} from an error body; a body that is not that shape gives neither. */
function errorBody(text: string): { kind?: string; value?: string } {
  try {
    const parsed = JSON.parse(text) as { kind?: unknown; value?: unknown };
    const kind = typeof parsed.kind === "string" && parsed.kind !== "" ? parsed.kind : undefined;
    const value = typeof parsed.value === "string" ? parsed.value : undefined;
    return { kind, value };
  } catch {
    return {};
  }
}
