// One finding of `banken doctor`: what was checked, what was found, and the fix when it is wrong.

export type Verdict = "ok" | "warn" | "fail";

export interface Finding {
  verdict: Verdict;
  what: string;
  detail: string;
  /** What to do about it (empty when ok). */
  fix: string;
}

export const ok = (what: string, detail: string): Finding => ({ verdict: "ok", what, detail, fix: "" });
export const warn = (what: string, detail: string, fix: string): Finding => ({ verdict: "warn", what, detail, fix });
export const fail = (what: string, detail: string, fix: string): Finding => ({ verdict: "fail", what, detail, fix });

const MARK = { ok: "ok  ", warn: "warn", fail: "FAIL" };

export function formatFinding(f: Finding): string {
  const head = `[${MARK[f.verdict]}] ${f.what}: ${f.detail}`;
  return f.fix === "" ? head : `${head}\n       fix: ${f.fix}`;
}
