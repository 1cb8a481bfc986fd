// Splits the heartbeat port's byte stream into request lines. Chunks may be split anywhere (Espruino's
// `data` events cut strings at arbitrary points), so all state lives here between feeds.
// A line ends at "\n", at "\r", or at "\r\n" (one end, not two): terminals such as screen send a bare
// "\r" on Enter, scripts send "\n". Bytes outside printable ASCII poison their line (ERR char), and a
// line longer than MAX_LINE is answered once (ERR long) as soon as it overflows, then skipped up to
// its end. Nothing here allocates more than one line.
import { MAX_LINE } from "./types.ts";
import type { ErrorCode } from "./types.ts";

export class LineReader {
  private buf: string;
  private bad: boolean;
  private skipping: boolean;
  private afterCR: boolean;
  private onLine: (line: string) => void;
  private onError: (code: ErrorCode) => void;

  constructor(onLine: (line: string) => void, onError: (code: ErrorCode) => void) {
    this.buf = "";
    this.bad = false;
    this.skipping = false;
    this.afterCR = false;
    this.onLine = onLine;
    this.onError = onError;
  }

  feed(chunk: string): void {
    for (var i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) {
        const crlf = c === 10 && this.afterCR;
        this.afterCR = c === 13;
        if (!crlf) this.endLine();
        continue;
      }
      this.afterCR = false;
      if (this.skipping) continue;
      if (this.buf.length >= MAX_LINE) {
        this.skipping = true;
        this.buf = "";
        this.onError("long");
        continue;
      }
      if (c < 32 || c > 126) this.bad = true;
      this.buf += chunk.charAt(i);
    }
  }

  private endLine(): void {
    const line = this.buf;
    const bad = this.bad;
    const skipped = this.skipping;
    this.buf = "";
    this.bad = false;
    this.skipping = false;
    if (skipped) return;
    if (bad) this.onError("char");
    else this.onLine(line);
  }
}
