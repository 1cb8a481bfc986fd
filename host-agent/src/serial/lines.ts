// Splits a byte stream into lines. The board's lines are ASCII and short; a device that is not a
// banken board may send anything, so a runaway "line" is cut at MAX_LINE_BYTES instead of growing.

/** Far above the protocol's 96 bytes, far below anything that could hurt. */
export const MAX_LINE_BYTES = 1024;

export class LineSplitter {
  private pending = "";

  /** Feeds raw bytes; returns the complete lines, without "\n" and without a "\r" before it. */
  push(chunk: Buffer): string[] {
    // latin1 maps every byte to one char, so garbage never throws and lengths stay byte counts.
    this.pending += chunk.toString("latin1");
    const lines: string[] = [];
    let newline = this.pending.indexOf("\n");
    while (newline >= 0) {
      lines.push(stripCr(this.pending.slice(0, newline)));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf("\n");
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      lines.push(this.pending.slice(0, MAX_LINE_BYTES));
      this.pending = "";
    }
    return lines;
  }
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

/** A received line made safe to print in one line of a message: control bytes escaped, length capped. */
export function printable(line: string, maxChars = 60): string {
  let out = "";
  for (const ch of line) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code > 0x7e ? `\\x${code.toString(16).padStart(2, "0")}` : ch;
  }
  return out.length > maxChars ? `${out.slice(0, maxChars)}...` : out;
}
