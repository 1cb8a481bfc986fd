// Config trust as sshd's StrictModes and cron do it: root must not run commands from a config, or
// run a check script, that another user can change, also not when a symlink leads there. These
// tests run as root (CI does) and play the other user with chown/chmod.
import assert from "node:assert/strict";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAgentConfig } from "../src/config/index.ts";
import { assertBuilt, cli } from "./support/cli.ts";

const OTHER_UID = 4242;

describe("config trust (StrictModes)", function () {
  let dir: string;
  before(function () {
    if (process.geteuid?.() !== 0) this.skip(); // playing another user needs chown
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "banken-trust-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function configFile(name: string, body: string, mode = 0o644): string {
    const path = join(dir, name);
    writeFileSync(path, body);
    chmodSync(path, mode);
    return path;
  }

  function script(name: string, mode: number): string {
    const path = join(dir, name);
    writeFileSync(path, "#!/bin/sh\nexit 0\n");
    chmodSync(path, mode);
    return path;
  }

  it("loads a config and scripts only root can change", async () => {
    const check = script("check.sh", 0o755);
    const config = configFile("banken.toml", `[[checks]]\nkind = "command"\ncommand = ["${check}"]\n[[checks]]\nkind = "command"\ncommand = ["sh", "${check}"]\n`);
    assert.equal((await loadAgentConfig(config)).checks.length, 2);
  });

  it("refuses a config others can write, or one another user owns, with the fix", async () => {
    const open = configFile("open.toml", "", 0o666);
    await assert.rejects(loadAgentConfig(open), {
      message: `${open}: refusing this file: it is writable by others (mode 0666) (fix: chmod go-w ${open})`,
      fix: `chmod go-w ${open}`,
    });
    const group = configFile("group.toml", "", 0o664);
    await assert.rejects(loadAgentConfig(group), { fix: `chmod go-w ${group}` });
    const theirs = configFile("theirs.toml", "");
    chownSync(theirs, OTHER_UID, OTHER_UID);
    await assert.rejects(loadAgentConfig(theirs), { message: new RegExp(`owned by uid ${OTHER_UID}, not by root`), fix: `chown root ${theirs}` });
  });

  it("judges a config reached through a symlink by its real path and the directories above it", async () => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o777); // not sticky: anyone may replace the file in it
    const real = join(shared, "banken.toml");
    writeFileSync(real, "", { mode: 0o644 });
    const link = join(dir, "banken.toml");
    symlinkSync(real, link);
    await assert.rejects(loadAgentConfig(link), {
      message: `${link}: refusing this file (→ ${real}): ${shared} above it is writable by others (mode 0777) (fix: chmod go-w ${shared})`,
    });
  });

  it("refuses a check script, a program on PATH, a script given to an interpreter, a repair hook that others can change", async () => {
    const loose = script("loose.sh", 0o777);
    const cases: Array<[string, string, NodeJS.ProcessEnv?]> = [
      [`[[checks]]\nkind = "command"\ncommand = ["${loose}"]\n`, "checks[0].command"],
      [`[[checks]]\nkind = "command"\ncommand = ["loose.sh", "-x"]\n`, "checks[0].command", { PATH: dir }],
      [`[[checks]]\nkind = "command"\ncommand = ["true"]\n[[checks]]\nkind = "command"\ncommand = ["bash", "${loose}"]\n`, "checks[1].command"],
      [`[repair]\ncommand = ["${loose}"]\n`, "repair.command"],
      [`[warn-hook]\ncommand = ["${loose}"]\n`, "warn-hook.command"],
    ];
    for (const [body, key, env] of cases) {
      const config = configFile("banken.toml", body);
      await assert.rejects(loadAgentConfig(config, env), {
        message: `${config}: ${key}: refusing ${loose}: it is writable by others (mode 0777) (fix: chmod go-w ${loose})`,
      });
    }
  });

  it("`banken beat` refuses with one line and exit 2; `banken doctor` names the file and the fix", async () => {
    assertBuilt();
    const config = configFile("banken.toml", `device = "${join(dir, "nothing")}"\n`, 0o646);
    const beat = await cli(["beat", "--config", config]);
    assert.deepEqual(beat, { code: 2, stdout: "", stderr: `banken beat: ${config}: refusing this file: it is writable by others (mode 0646) (fix: chmod go-w ${config})\n` });
    const doctor = await cli(["doctor", "--root", dir, "--config", config]);
    assert.equal(doctor.code, 2, "a config that does not load: the config error's exit code");
    assert.match(doctor.stdout, new RegExp(`\\[FAIL\\] config: ${config}: refusing this file: .*\\n {7}fix: chmod go-w ${config}\\n`));
  });

  it("`banken doctor` names a state or metrics directory others can write, with the fix", async () => {
    assertBuilt();
    const state = join(dir, "state");
    mkdirSync(state);
    chmodSync(state, 0o777);
    const config = configFile("banken.toml", `device = "${join(dir, "nothing")}"
state-dir = "${state}"
`);
    const doctor = await cli(["doctor", "--root", dir, "--config", config]);
    assert.match(doctor.stdout, new RegExp(`\\[FAIL\\] directories the agent writes: refusing to write in ${state}: .*\\(mode 0777\\)\\n {7}fix: chmod go-w ${state}\\n`));
    chmodSync(state, 0o755);
    assert.match((await cli(["doctor", "--root", dir, "--config", config])).stdout, /\[ok {2}\] directories the agent writes: /);
  });
});
