// The programs a config makes root run (command checks, [repair], [warn-hook]) must be as
// trustworthy as the config itself: a world-writable script is a world-writable root shell.
// Judged: the program (a path, or a bare name found through PATH as spawn would find it) and, for an
// interpreter like ["sh", "/etc/banken/check.sh"], the script it is given.
import { basename, isAbsolute } from "node:path";
import { onPath } from "../on-path.ts";
import { checkTrustedFile } from "./trust.ts";

/** Programs whose first non-option argument is a script they run. */
const INTERPRETERS = new Set(["sh", "bash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node", "php", "lua"]);

/** The files `argv` makes the agent execute or read as code; nonexistent ones are left out. */
export function programFiles(argv: string[], env: NodeJS.ProcessEnv): string[] {
  const program = argv[0].includes("/") ? argv[0] : onPath(argv[0], env.PATH);
  const files = program === null ? [] : [program];
  const script = argv[1];
  if (INTERPRETERS.has(basename(argv[0])) && script !== undefined && !script.startsWith("-") && isAbsolute(script)) files.push(script);
  return files;
}

/** Throws UntrustedPathError for the first file of `argv` that root should not run. */
export function checkTrustedProgram(argv: string[], env: NodeJS.ProcessEnv): void {
  for (const file of programFiles(argv, env)) checkTrustedFile(file);
}
