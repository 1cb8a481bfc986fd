// The Espruino REPL on whichever device is the console: bytes are collected into a line and,
// once the line is a complete statement, EVALUATED as JavaScript in the board's context. This is
// what the firmware must switch off with E.setConsole, and what the espruino CLI relies on to
// upload code. Ctrl-C (0x03) and ESC [ 2 H clear the line. A line starting with DLE (0x10) is not echoed, and as
// on the real interpreter its result is not printed either (no `=value`): only print() output and errors.
import vm from "node:vm";

export interface ReplHost {
  /** Evaluate in the board context; returns the value or throws. */
  evaluate(code: string): unknown;
  /** Console output (echo, results, errors). */
  print(text: string): void;
  /** Report an uncaught error the way the board does. */
  error(err: unknown): void;
}

/** true when `code` is cut off (more lines needed), false when it is complete or plainly wrong. */
export function needsMoreInput(code: string): boolean {
  try {
    new vm.Script(code);
    return false;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return msg.includes("Unexpected end of input") || msg.includes("Unterminated template") || msg.includes("missing ) after");
  }
}

export function formatResult(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "function () { ... }";
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

export class Repl {
  private line = "";
  private echo = true;
  /** Code evaluated so far, in order (what save() keeps). */
  readonly history: string[] = [];

  constructor(private readonly host: ReplHost) {}

  feed(text: string): void {
    for (const ch of text) this.char(ch);
  }

  private char(ch: string): void {
    if (ch === "\x03") {
      this.line = "";
      this.echo = true;
      this.host.print("\r\n>");
      return;
    }
    if (ch === "\x10" && this.line.length === 0) {
      this.echo = false;
      return;
    }
    if (ch === "\r" || ch === "\n") {
      const code = this.line;
      if (code.trim().length === 0) {
        this.line = "";
        this.echo = true;
        if (ch === "\r") this.host.print("\r\n>");
        return;
      }
      if (needsMoreInput(code)) {
        this.line += "\n";
        return;
      }
      this.line = "";
      const echoed = this.echo;
      this.echo = true;
      if (echoed) this.host.print("\r\n");
      this.run(code, echoed);
      return;
    }
    if (ch === "\x08" || ch === "\x7f") {
      this.line = this.line.slice(0, -1);
      return;
    }
    this.line += ch;
    // ESC [ 2 H erases the line being typed (upstream jsinteractive.c, IPS_HAD_27_91_NUMBER).
    if (this.line.endsWith("\x1b[2H")) {
      this.line = "";
      return;
    }
    if (this.echo) this.host.print(ch);
  }

  /** True while an echo-off (DLE) line runs: Espruino then also keeps quiet about console moves. */
  private running = false;
  private runningEchoOff = false;

  get echoOff(): boolean {
    return this.running && this.runningEchoOff;
  }

  private run(code: string, echoed: boolean): void {
    this.running = true;
    this.runningEchoOff = !echoed;
    try {
      this.evaluateAndPrint(code, echoed);
    } finally {
      this.running = false;
    }
  }

  private evaluateAndPrint(code: string, echoed: boolean): void {
    try {
      const value = this.host.evaluate(code);
      this.history.push(code);
      if (echoed) this.host.print(`=${formatResult(value)}\r\n>`);
    } catch (err) {
      this.host.error(err);
      this.host.print(">");
    }
  }
}
