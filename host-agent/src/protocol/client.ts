// Request/reply over a BoardPort: one request at a time, each with a deadline. Unsolicited `!` lines
// are never taken as a reply; they go to onNotice (service mode reacts to !WARN). A reply proves the
// device is a banken board only if it is `OK <the verb we sent>` or `ERR ...`, and a request with
// `seq=N` takes only the reply that echoes N.
import { AgentError } from "../errors.ts";
import { printable } from "../serial/lines.ts";
import type { BoardPort } from "../serial/port.ts";
import { parseBoardLine, type Notice, type OkReply } from "./reply.ts";

export interface ClientOptions {
  replyTimeoutMs: number;
  onNotice?: (notice: Notice) => void;
  /** The port went away outside a request (service mode re-opens it). */
  onDisconnect?: (error: AgentError) => void;
}

interface Waiter {
  verb: string;
  /** The request's `seq=N`, which the board echoes: an OK with another seq is a stale reply. */
  seq: string | null;
  resolve(reply: OkReply): void;
  reject(error: AgentError): void;
  /** First non-protocol line seen while waiting, for the "not a banken board" message. */
  foreign: string | null;
}

export class BoardClient {
  private readonly port: BoardPort;
  private readonly options: ClientOptions;
  private waiter: Waiter | null = null;
  private lost: AgentError | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(port: BoardPort, options: ClientOptions) {
    this.port = port;
    this.options = options;
    port.start({ line: (text) => this.onLine(text), closed: (error) => this.onClosed(error) });
  }

  get path(): string {
    return this.port.path;
  }

  /** Sends one request line and resolves with its OK reply; ERR → "refused"; silence → "no-answer". */
  request(line: string): Promise<OkReply> {
    const next = this.queue.then(() => this.exchange(line));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async exchange(line: string): Promise<OkReply> {
    if (this.lost !== null) throw this.lost;
    const verb = (line.split(" ")[0] ?? "").toUpperCase();
    const reply = new Promise<OkReply>((resolve, reject) => {
      this.waiter = { verb, seq: /(?:^| )seq=(\d+)(?: |$)/.exec(line)?.[1] ?? null, resolve, reject, foreign: null };
    });
    // The port may close while the line is still being written, rejecting `reply` before the race
    // below awaits it: mark it handled now, or Node ends the process on an unhandled rejection.
    reply.catch(() => undefined);
    await this.port.writeLine(line).catch((error: AgentError) => this.fail(error));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.silence(line)), this.options.replyTimeoutMs);
    });
    try {
      return await Promise.race([reply, deadline]);
    } finally {
      clearTimeout(timer);
      this.waiter = null;
    }
  }

  private silence(line: string): AgentError {
    const foreign = this.waiter?.foreign ?? null;
    if (foreign !== null) {
      return new AgentError(
        "not-banken",
        `${this.port.path} is not a banken board: it answered "${printable(foreign)}" to ${line.split(" ")[0]} (wrong --port?)`,
      );
    }
    return new AgentError(
      "no-answer",
      `no answer from ${this.port.path} within ${this.options.replyTimeoutMs} ms: is a banken board there? (\`banken ports\` lists them)`,
    );
  }

  private onLine(text: string): void {
    if (text.trim() === "") return;
    const parsed = parseBoardLine(text);
    if (parsed.kind === "notice") {
      this.options.onNotice?.(parsed);
      return;
    }
    const waiter = this.waiter;
    if (waiter === null) return; // a late reply to an abandoned request
    if (parsed.kind === "ok" && parsed.verb === waiter.verb) {
      // A reply that echoes another seq answered an earlier request (one that timed out): not ours.
      // One without seq is accepted, as banken-beat.sh does.
      if (waiter.seq !== null && parsed.fields.seq !== undefined && parsed.fields.seq !== waiter.seq) return;
      waiter.resolve(parsed);
    } else if (parsed.kind === "err") {
      waiter.reject(new AgentError("refused", `the board refused ${waiter.verb}: ${parsed.code} ${parsed.detail}`.trimEnd()));
    } else if (parsed.kind === "foreign" && waiter.foreign === null) {
      // Boot noise (ROM banner) may precede a real reply; decide at the deadline.
      waiter.foreign = text;
    }
  }

  private onClosed(error: AgentError | null): void {
    if (error === null) return;
    this.lost = error;
    this.fail(error);
    if (this.waiter === null) this.options.onDisconnect?.(error);
  }

  private fail(error: AgentError): void {
    this.waiter?.reject(error);
  }

  async close(): Promise<void> {
    await this.port.close();
  }
}
