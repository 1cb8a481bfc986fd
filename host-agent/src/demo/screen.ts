// Where the demo's story goes: on a TTY a panel redrawn in place (view.ts) with the latest log
// lines under it; otherwise (CI, pipes, --plain) each log line once, as plain text.
// Every log line carries the board's clock, the same time axis as the timing chart: events bring
// their board time; our own lines (phases, the agent's output) are converted from the wall clock
// with the offset seen on the latest board event.
import type { DemoModel } from "./model.ts";
import { panel, redrawFrame, SCREEN, stamp, type PanelSize } from "./view.ts";

const KEPT_LINES = 60;
const REDRAW_MS = 200;

export class DemoScreen {
  private readonly recent: string[] = [];
  private phase = "starting the simulated board";
  private boardStartWallMs: number | null = null;
  private redraw: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly live: boolean,
    private readonly model: DemoModel,
  ) {}

  start(): void {
    if (!this.live) return;
    this.out.write(SCREEN.start);
    this.draw();
    this.redraw = setInterval(() => this.draw(), REDRAW_MS);
  }

  /** A board event arrived at wallMs with board time tMs. */
  boardTime(tMs: number, wallMs: number): void {
    this.boardStartWallMs = wallMs - tMs;
  }

  /** Now on the board's clock (0 before the first board event). */
  boardNowMs(): number {
    return this.boardStartWallMs === null ? 0 : Math.max(0, Date.now() - this.boardStartWallMs);
  }

  /** A line stamped by the caller (board events). */
  log(line: string): void {
    this.recent.push(line);
    if (this.recent.length > KEPT_LINES) this.recent.shift();
    if (!this.live) this.out.write(`${line}\n`);
  }

  /** A line of ours, stamped now on the board's clock. */
  say(line: string): void {
    const at = this.boardStartWallMs === null ? " ".repeat(8) : stamp(this.boardNowMs());
    this.log(`${at}  ${line}`);
  }

  setPhase(text: string): void {
    this.phase = text;
    this.say(`--- ${text}`);
  }

  /** Stops redrawing (a last frame first) and gives the cursor back; safe twice. */
  finish(): void {
    if (!this.live || this.redraw === undefined) return;
    clearInterval(this.redraw);
    this.redraw = undefined;
    this.draw();
    this.out.write(SCREEN.end);
  }

  private draw(): void {
    const tty = this.out as Partial<NodeJS.WriteStream>;
    const size: PanelSize = { columns: tty.columns ?? 80, rows: tty.rows ?? 24 };
    this.out.write(redrawFrame(panel(this.model, Date.now(), this.phase, this.recent, size)));
  }
}
