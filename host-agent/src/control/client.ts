// The command side of the control socket (protocol.ts): status, hold, log, config, arm, disarm and
// test try the service first and fall back to the port when no service runs. "No service" covers no
// socket file, a stale one (connection refused), a service for another board or without its board
// now, and a socket that fails the safety checks; a command never fails because of the socket alone.
import { createConnection, Socket } from "node:net";
import { dirname } from "node:path";
import { AgentError, type ErrorKind } from "../errors.ts";
import { parseBoardLine, type OkReply } from "../protocol/reply.ts";
import { withBoard, type ConnectFlags } from "../cli/connect.ts";
import { readMessages } from "./lines.ts";
import { encode } from "./protocol.ts";
import { directoryProblem, socketProblem } from "./safety.ts";

/** What a command needs of the board: BoardClient, or the service through its socket. */
export interface BoardSession {
  /** The device, as the command named it (status prints it). */
  readonly path: string;
  request(line: string): Promise<OkReply>;
}

const KNOWN_KINDS: readonly ErrorKind[] = [
  "usage", "config", "checks-failed", "device-missing", "device-busy", "permission-denied", "no-answer", "not-banken", "disconnected", "protocol", "refused",
];

export class ControlClient implements BoardSession {
  readonly path: string;
  private readonly socketPath: string;
  private readonly socket: Socket;
  private readonly waitMs: number;
  private readonly inbox: (Record<string, unknown> | null)[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(socketPath: string, device: string, socket: Socket, waitMs: number) {
    this.socketPath = socketPath;
    this.path = device;
    this.socket = socket;
    this.waitMs = waitMs;
    readMessages(socket, (message) => (this.inbox.push(message), this.wake?.()));
    socket.on("close", () => ((this.closed = true), this.wake?.()));
    socket.on("error", () => undefined); // reported as "closed" to the request waiting
  }

  /**
   * The service's session for `device`, or why there is none (the caller then opens the port).
   * `waitMs` bounds each answer: the service may be busy with one beat and one other request.
   */
  static async open(socketPath: string, device: string, waitMs: number): Promise<ControlClient | { why: string }> {
    try {
      const problem = directoryProblem(dirname(socketPath)) ?? socketProblem(socketPath);
      if (problem !== null) return { why: `refused to use it: ${problem}` };
    } catch (error) {
      return { why: errnoWords(error) };
    }
    const socket = await connectTo(socketPath);
    if (!(socket instanceof Socket)) return { why: socket.why };
    const client = new ControlClient(socketPath, device, socket, waitMs);
    try {
      const hello = await client.exchange({ device });
      if (typeof hello.serving === "string") return client;
      client.close();
      return { why: hello.pass === "other-device" ? "the service there guards another board" : hello.pass === "offline" ? "the service has no connection to the board now" : `it answered ${JSON.stringify(hello)}` };
    } catch (error) {
      client.close();
      return { why: (error as Error).message };
    }
  }

  /** One board request through the service: its reply, or the same AgentError the port would give. */
  request(line: string): Promise<OkReply> {
    const next = this.queue.then(async () => {
      const answer = await this.exchange({ line });
      if (typeof answer.reply === "string") {
        const parsed = parseBoardLine(answer.reply);
        if (parsed.kind === "ok") return parsed;
      }
      const error = answer.error as { kind?: unknown; message?: unknown } | undefined;
      if (typeof error?.message === "string" && KNOWN_KINDS.includes(error.kind as ErrorKind)) throw new AgentError(error.kind as ErrorKind, error.message);
      throw new AgentError("protocol", `the service at ${this.socketPath} answered ${JSON.stringify(answer)} to ${line.split(" ")[0]}`);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async exchange(message: { device: string } | { line: string }): Promise<Record<string, unknown>> {
    if (!this.closed) this.socket.write(encode(message));
    const giveUpAt = Date.now() + this.waitMs;
    for (;;) {
      if (this.inbox.length > 0) {
        const answer = this.inbox.shift();
        if (answer === null || answer === undefined) throw new AgentError("protocol", `the service at ${this.socketPath} sent a line that is not JSON`);
        return answer;
      }
      if (this.closed) throw new AgentError("disconnected", `the service at ${this.socketPath} closed the connection (did it stop?)`);
      const leftMs = giveUpAt - Date.now();
      if (leftMs <= 0) throw new AgentError("no-answer", `no answer from the service at ${this.socketPath} within ${this.waitMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => ((this.wake = null), resolve()), leftMs);
        this.wake = () => (clearTimeout(timer), (this.wake = null), resolve());
      });
    }
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}

/**
 * Runs `body` on the service's session when a service guards `device` behind `socketPath`, else on
 * the port. A busy port then says why the socket was not used.
 */
export async function withServiceOrBoard<T>(socketPath: string, device: string, flags: ConnectFlags, waitMs: number, body: (session: BoardSession) => Promise<T>): Promise<T> {
  const service = await ControlClient.open(socketPath, device, waitMs);
  if (service instanceof ControlClient) {
    try {
      return await body(service);
    } finally {
      service.close();
    }
  }
  try {
    return await withBoard(device, flags, body);
  } catch (error) {
    if (error instanceof AgentError && error.kind === "device-busy") {
      throw new AgentError("device-busy", `${error.message} (the service's control socket ${socketPath}: ${service.why})`);
    }
    throw error;
  }
}

function connectTo(path: string): Promise<Socket | { why: string }> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once("connect", () => resolve(socket));
    socket.once("error", (error) => resolve({ why: errnoWords(error) }));
  });
}

function errnoWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "not there (no service running, or it has no socket: --control PATH)";
  if (code === "ECONNREFUSED") return "nobody listens (a service that stopped left it)";
  if (code === "EACCES" || code === "EPERM") return "permission denied (it is the service user's: try sudo)";
  return (error as Error).message;
}
