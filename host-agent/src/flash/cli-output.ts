// Reads the espruino CLI's output: it exits 0 even after "Unable to connect!", so a failure is read
// from what it printed. Success is never read from it: the real REPL prints no `=true` for the CLI's
// echo-off lines, so the upload is judged by asking the board for the staged file's length and
// E.CRC32 (stage.ts). Here only: did the CLI connect, did the board report an error, and did the
// board run the line after the last write (the CLI's -e prints UPLOAD_MARK: an Espruino is listening).

export interface UploadVerdict {
  ok: boolean;
  /** One line for the user when !ok. */
  problem: string;
}

/** Printed by the board after the upload; the code builds it by concatenation so an echo never matches. */
export const UPLOAD_MARK = "banken-upload-sent";
export const UPLOAD_MARK_CODE = `"banken-upload"+"-sent"`;

const FAILURES: [RegExp, string][] = [
  [/Unable to connect!/, "the espruino CLI could not connect to the port"],
  [/Port ".*" not found/, "the espruino CLI did not find the port"],
  [/Unable to open device|cannot open/, "the espruino CLI could not open the port"],
  [/Uncaught /, "the board reported an error while receiving the code"],
];

export function judgeUpload(output: string): UploadVerdict {
  for (const [pattern, problem] of FAILURES) {
    const hit = output.split("\n").find((line) => pattern.test(line));
    if (hit !== undefined) return { ok: false, problem: `${problem}: ${hit.replace(/^--\] /, "").trim()}` };
  }
  const last = output.split("\n").map((line) => line.trim()).filter((line) => line !== "").slice(-1)[0] ?? "no output";
  if (!output.includes("Upload Complete")) return { ok: false, problem: `the espruino CLI stopped before "Upload Complete" (its last line: ${last})` };
  // A port where nothing answers still gets "Connected" and "Upload Complete".
  if (!output.includes(UPLOAD_MARK)) return { ok: false, problem: "the CLI sent the code but no Espruino answered (is an Espruino REPL on this port?)" };
  return { ok: true, problem: "" };
}
