// A raw conversation with whatever answers on the port: banken firmware before the hand-off, the
// Espruino REPL after it. Unlike BoardClient it accepts any line, so the flasher can talk to a board
// whose console is already the REPL (a fresh board, or a half-finished earlier flash).
import { AgentError } from "../errors.ts";
import { BoardPort } from "../serial/port.ts";

export class LineSession {
  private lines: string[] = [];
  private waiters: (() => void)[] = [];
  private closedError: AgentError | null = null;

  private constructor(private readonly port: BoardPort) {
    port.start({
      line: (text) => {
        this.lines.push(text);
        for (const wake of this.waiters.splice(0)) wake();
      },
      closed: (error) => {
        this.closedError = error ?? new AgentError("disconnected", `${port.path} closed`);
        for (const wake of this.waiters.splice(0)) wake();
      },
    });
  }

  static async open(path: string, lockWaitMs: number): Promise<LineSession> {
    return new LineSession(await BoardPort.open(path, { lockWaitMs }));
  }

  /** Sends `text` and a newline, as is (control bytes included). */
  send(text: string): Promise<void> {
    return this.port.writeLine(text);
  }

  /** Forgets the lines received so far. */
  clear(): void {
    this.lines = [];
  }

  /** The first received line (kept ones first) that `match` accepts, or null after `deadlineMs`. */
  async waitLine(match: (line: string) => boolean, deadlineMs: number): Promise<string | null> {
    const giveUpAt = Date.now() + deadlineMs;
    for (;;) {
      const index = this.lines.findIndex(match);
      if (index >= 0) return this.lines.splice(0, index + 1)[index];
      if (this.closedError !== null) throw this.closedError;
      const leftMs = giveUpAt - Date.now();
      if (leftMs <= 0) return null;
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, leftMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** Everything received and not yet matched (for error messages). */
  unmatched(): string[] {
    return [...this.lines];
  }

  close(): Promise<void> {
    return this.port.close();
  }
}
