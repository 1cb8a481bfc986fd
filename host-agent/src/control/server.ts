// The service's control socket: while `banken run` holds the port, status, hold, log, config, arm,
// disarm and test send their board requests here (protocol.ts) and the service passes each one on
// through its own connection, queued with its heartbeats so every reply meets its request.
// The heartbeat comes first: at most one forwarded request is queued on the board at a time, so a
// beat waits behind at most one of them, and nothing here waits on a client (a client that never
// sends, or never reads, costs a file descriptor until it is cut off, not a beat).
import { chmodSync, realpathSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { AgentError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { OkReply } from "../protocol/reply.ts";
import { readMessages } from "./lines.ts";
import { listenPrivately, unusableReason } from "./listen.ts";
import { DEFAULT_CONTROL_SOCKET, encode, refusedLine, type ServerMessage } from "./protocol.ts";
import { socketProblem } from "./safety.ts";

/** What the server needs of the service (service/beat-service.ts BeatService). */
export interface ControlTarget {
  /** Whether the service has the board open now; if not, the port is free for the command itself. */
  readonly connected: boolean;
  /** One board request through the service's connection; null when it has none. */
  forward(line: string): Promise<OkReply | null>;
}

export interface ControlServerOptions {
  /** The socket's path. */
  path: string;
  /** The board the service opens, as configured (compared with the command's by real path). */
  device: string;
  target: ControlTarget;
  log: Logger;
}

/** A connection that sends no whole line for this long is closed. */
const IDLE_MS = 30000;
const MAX_CONNECTIONS = 16;
/** Lines a client may send ahead of its replies before it is cut off. */
const MAX_PENDING = 4;
/** Replies a client may leave unread before it is cut off. */
const MAX_UNREAD_BYTES = 64 * 1024;
/** Verbs that change the board: logged, so the journal says who held or reconfigured it when. */
const CHANGING = new Set(["SET", "HOLD", "ARM", "DISARM", "TEST"]);

export class ControlServer {
  private readonly o: ControlServerOptions;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Forwarded requests, one at a time (see the top of the file). */
  private gate: Promise<unknown> = Promise.resolve();
  /** Only a socket file this server made is removed on close (not a rival's, after EADDRINUSE). */
  private listening = false;

  private constructor(options: ControlServerOptions, server: Server) {
    this.o = options;
    this.server = server;
  }

  /** Listens on options.path; null (after logging why) when the socket cannot be used safely. */
  static async start(options: ControlServerOptions): Promise<ControlServer | null> {
    const { path, log } = options;
    const unusable = await unusableReason(path);
    if (unusable !== null) {
      // No socket is never a reason to stop guarding the host: the commands still work without the service.
      if (path === DEFAULT_CONTROL_SOCKET && unusable.missingDir) log.info(`no control socket: ${unusable.text}`);
      else log.warn(`no control socket: ${unusable.text}`);
      return null;
    }
    const control: ControlServer = new ControlServer(options, createServer((socket) => control.serve(socket)));
    control.server.maxConnections = MAX_CONNECTIONS;
    try {
      await listenPrivately(control.server, path);
      control.listening = true;
      chmodSync(path, 0o600);
      const problem = socketProblem(path);
      if (problem !== null) throw new Error(problem);
    } catch (error) {
      await control.close();
      log.warn(`no control socket: cannot listen on ${path}: ${(error as Error).message}`);
      return null;
    }
    log.info(`control socket ${path}: status, hold, config, log, arm, disarm and test pass through the service`);
    return control;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy()); // a client that went away: nothing to report
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    let hello = true;
    let pending = 0;
    let chain: Promise<void> = Promise.resolve();
    readMessages(socket, (message) => {
      if (++pending > MAX_PENDING) return void socket.destroy();
      const first = hello;
      hello = false;
      chain = chain.then(async () => {
        const answer = first ? this.greet(message) : await this.request(message);
        pending--;
        if (socket.destroyed) return;
        socket.write(encode(answer));
        if (socket.writableLength > MAX_UNREAD_BYTES) socket.destroy();
        else if ("pass" in answer || (first && "error" in answer)) socket.end();
      });
    });
  }

  private greet(message: Record<string, unknown> | null): ServerMessage {
    if (typeof message?.device !== "string") return usage('the first line names the board: {"device":"/dev/banken"}');
    if (!sameDevice(message.device, this.o.device)) return { pass: "other-device" };
    if (!this.o.target.connected) return { pass: "offline" };
    return { serving: this.o.device };
  }

  private async request(message: Record<string, unknown> | null): Promise<ServerMessage> {
    const line = message?.line;
    if (typeof line !== "string") return usage('a request is {"line":"STATUS"}');
    const refused = refusedLine(line);
    if (refused !== null) return usage(refused);
    try {
      const reply = await this.serialised(() => this.o.target.forward(line));
      if (reply === null) return { error: { kind: "disconnected", message: `the service lost the board at ${this.o.device}; try again` } };
      if (CHANGING.has(reply.verb)) this.o.log.info(`passed on ${line}: ${reply.raw}`);
      return { reply: reply.raw };
    } catch (error) {
      if (error instanceof AgentError) return { error: { kind: error.kind, message: error.message } };
      this.o.log.warn(`control socket: ${line} failed: ${(error as Error).stack ?? String(error)}`);
      return { error: { kind: "protocol", message: `the service failed on ${line} (see its log)` } };
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.gate.then(work);
    this.gate = next.catch(() => undefined);
    return next;
  }

  /** Stops listening, drops the clients and removes the socket file. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
    if (!this.listening) return;
    try {
      unlinkSync(this.o.path);
    } catch {
      // already gone
    }
  }
}

function usage(message: string): ServerMessage {
  return { error: { kind: "usage", message } };
}

function sameDevice(a: string, b: string): boolean {
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return path; // unplugged: compare the names
    }
  };
  return a === b || real(a) === real(b);
}
