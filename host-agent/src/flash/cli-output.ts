// Reads the espruino CLI's output: it exits 0 even after "Unable to connect!", so success is
// decided here, from what it printed. Each `require("Storage").write(...)` chunk echoes `=true`
// (written) or `=false` (no room); the last line of a good upload is "Upload Complete".

export interface UploadVerdict {
  ok: boolean;
  /** One line for the user when !ok. */
  problem: string;
  chunksWritten: number;
}

const FAILURES: [RegExp, string][] = [
  [/Unable to connect!/, "the espruino CLI could not connect to the port"],
  [/Port ".*" not found/, "the espruino CLI did not find the port"],
  [/Unable to open device|cannot open/, "the espruino CLI could not open the port"],
  [/Uncaught /, "the board reported an error while receiving the code"],
  [/=false/, "a Storage write failed on the board (Storage full?)"],
];

export function judgeUpload(output: string): UploadVerdict {
  const chunksWritten = (output.match(/=true/g) ?? []).length;
  for (const [pattern, problem] of FAILURES) {
    const hit = output.split("\n").find((line) => pattern.test(line));
    if (hit !== undefined) return { ok: false, problem: `${problem}: ${hit.replace(/^--\] /, "").trim()}`, chunksWritten };
  }
  const last = output.split("\n").map((line) => line.trim()).filter((line) => line !== "").slice(-1)[0] ?? "no output";
  if (!output.includes("Upload Complete")) return { ok: false, problem: `the espruino CLI stopped before "Upload Complete" (its last line: ${last})`, chunksWritten };
  // A port where nothing answers still gets "Connected" and "Upload Complete": only the echoed
  // results of the Storage writes prove that an Espruino received the code.
  if (chunksWritten === 0) return { ok: false, problem: "the CLI sent the code but no board confirmed a Storage write (is an Espruino REPL on this port?)", chunksWritten };
  return { ok: true, problem: "", chunksWritten };
}
