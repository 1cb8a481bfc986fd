// Preloaded into the bench board process (`node --import`): appends every byte the board receives
// on stdin to $BENCH_RECEIVED_LOG, so missed heartbeats are counted from what the board got.
import { appendFileSync } from "node:fs";

const log = process.env.BENCH_RECEIVED_LOG;
if (log !== undefined && log !== "") process.stdin.on("data", (chunk: Buffer) => appendFileSync(log, chunk));
