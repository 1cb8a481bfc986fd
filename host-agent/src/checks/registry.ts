// Which function runs which kind of check: one file per kind.

import { commandCheck } from "./command.ts";
import { diskCheck } from "./disk.ts";
import { fileCheck } from "./file.ts";
import { httpCheck } from "./http.ts";
import { loadCheck } from "./load.ts";
import { memoryCheck } from "./memory.ts";
import { pidfileCheck } from "./pidfile.ts";
import { pingCheck } from "./ping.ts";
import { systemdCheck } from "./systemd.ts";
import type { CheckFunction, CheckKind, CheckSpec } from "./types.ts";

export const CHECK_FUNCTIONS: { [K in CheckKind]: CheckFunction<Extract<CheckSpec, { kind: K }>> } = {
  ping: pingCheck,
  http: httpCheck,
  file: fileCheck,
  load: loadCheck,
  memory: memoryCheck,
  disk: diskCheck,
  pidfile: pidfileCheck,
  systemd: systemdCheck,
  command: commandCheck,
};
