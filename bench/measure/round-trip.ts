// Item 3: heartbeat round trip through the pty, from writing `BEAT` to reading its `OK`, using the
// agent's own serial stack (BoardPort + BoardClient) on one open port, one request at a time.
import { openClient, type BenchBoard } from "../lib/board-pty.ts";
import { row, type Row } from "../lib/result.ts";
import { summary } from "../lib/stats.ts";

export async function measureRoundTrip(board: BenchBoard, count: number): Promise<Row[]> {
  let client = await openClient(board.tty, 2000);
  const samples: number[] = [];
  const lost: string[] = [];
  try {
    for (let i = 0; i < 20; i++) await client.request("BEAT"); // warm-up: JIT, first reads
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      try {
        await client.request("BEAT");
        samples.push(performance.now() - started);
      } catch (error) {
        // A lost reply is a finding, not a reason to stop: count it, reopen, go on.
        lost.push((error as Error).message);
        if (lost.length > 10) throw new Error(`${lost.length} BEATs without a reply; last: ${lost[lost.length - 1]}`);
        await client.close();
        client = await openClient(board.tty, 2000);
      }
    }
  } finally {
    await client.close();
  }
  const s = summary(samples, 2);
  const via = board.kind === "sim" ? "simulated esp32 bundle (paced to its next event)" : "firmware core fixture";
  return [
    row("3", `BEAT→OK round trip p50 (${board.kind})`, s.p50, "ms", `${samples.length} beats; ${via}; min ${s.min}; ${lost.length} without a reply in 2 s`),
    row("3", `BEAT→OK round trip p99 (${board.kind})`, s.p99, "ms", `max ${s.max}`),
  ];
}
