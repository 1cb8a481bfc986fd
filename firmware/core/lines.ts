// Splits the heartbeat port's byte stream into request lines. Chunks may be split anywhere (Espruino's
// `data` events cut strings at arbitrary points), so all state lives here between feeds.
// A line ends at "\n", at "\r", or at "\r\n" (one end, not two): terminals such as screen send a bare
// "\r" on Enter, scripts send "\n". Bytes outside printable ASCII poison their line (ERR char), and a
// line longer than MAX_LINE is answered once (ERR long) as soon as it overflows, then skipped up to
// its end. Nothing here allocates more than one line.
import { MAX_LINE } from "./types.ts";
import type { ErrorCode } from "./types.ts";

export class LineReader {
  private _buf: string;
  private _bad: boolean;
  private _skipping: boolean;
  private _afterCR: boolean;
  private _onLine: (line: string) => void;
  private _onError: (code: ErrorCode) => void;

  constructor(onLine: (line: string) => void, onError: (code: ErrorCode) => void) {
    this._buf = "";
    this._bad = false;
    this._skipping = false;
    this._afterCR = false;
    this._onLine = onLine;
    this._onError = onError;
  }

  feed(chunk: string): void {
    for (var i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) {
        const crlf = c === 10 && this._afterCR;
        this._afterCR = c === 13;
        if (!crlf) this._endLine();
        continue;
      }
      this._afterCR = false;
      if (this._skipping) continue;
      if (this._buf.length >= MAX_LINE) {
        this._skipping = true;
        this._buf = "";
        this._onError("long");
        continue;
      }
      if (c < 32 || c > 126) this._bad = true;
      this._buf += chunk.charAt(i);
    }
  }

  private _endLine(): void {
    const line = this._buf;
    const bad = this._bad;
    const skipped = this._skipping;
    this._buf = "";
    this._bad = false;
    this._skipping = false;
    if (skipped) return;
    if (bad) this._onError("char");
    else this._onLine(line);
  }
}
