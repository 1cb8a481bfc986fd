// Bytes to lines, for the rig's view of a board's serial output ("\r" before "\n" dropped).

export class LineSplitter {
  private buffer = "";
  constructor(private readonly onLine: (line: string) => void) {}

  push(text: string): void {
    this.buffer += text;
    let i: number;
    while ((i = this.buffer.indexOf("\n")) >= 0) {
      let line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      this.onLine(line);
    }
  }
}
