// Bytes split at arbitrary points → whole lines without "\r\n". A line longer than MAX_LINE is
// dropped up to its newline (the observer's commands are short), so noise cannot grow memory.

const MAX_LINE = 64;

export function splitLines(onLine: (line: string) => void): (data: string) => void {
  let pending = "";
  let skipping = false;
  return function (data: string): void {
    pending += data;
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      let line = pending.substring(0, nl);
      pending = pending.substring(nl + 1);
      if (line.charAt(line.length - 1) === "\r") line = line.substring(0, line.length - 1);
      if (!skipping && line.length <= MAX_LINE) onLine(line);
      skipping = false;
      nl = pending.indexOf("\n");
    }
    if (pending.length > MAX_LINE) {
      pending = "";
      skipping = true;
    }
  };
}
