// The [fleet] table: every key read with its default, and each mistake named at its line.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadAgentConfig, parseAgentConfig } from "../src/config/index.ts";

function fleetError(body: string): string {
  try {
    parseAgentConfig(`device = "/dev/ttyUSB0"\n[fleet]\n${body}\n`, "banken.toml");
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  assert.fail("expected a ConfigError");
}

describe("config file: [fleet]", () => {
  it("is absent without the table: the agent decides alone, as before", () => {
    assert.equal(parseAgentConfig(`device = "/dev/ttyUSB0"\n`, "banken.toml").fleet, undefined);
  });

  it("reads every key and fills the defaults", () => {
    const minimal = parseAgentConfig(`[fleet]\nbackend = "etcd"\nendpoints = ["http://10.0.0.5:2379"]\n`, "banken.toml").fleet;
    assert.deepEqual(minimal, { backend: "etcd", endpoints: ["http://10.0.0.5:2379"], group: "default", maxConcurrent: 1, lostAfterMs: 1800000, onLost: "keep", onUnreachable: "act" });
    const full = parseAgentConfig(
      `[fleet]\nbackend = "etcd"\nendpoints = ["https://a:2379", "https://b:2379"]\ngroup = "rack-7"\nid = "web-3"\nmax-concurrent = 2\n` +
        `lost-after = "45m"\non-lost = "release"\non-unreachable = "hold"\nisolation-grace = "10m"\n` +
        `ca-file = "/etc/banken/ca.pem"\ncert-file = "/etc/banken/c.pem"\nkey-file = "/etc/banken/k.pem"\nusername = "banken"\npassword-file = "/etc/banken/etcd-password"\n`,
      "banken.toml",
    ).fleet;
    assert.deepEqual(full, {
      backend: "etcd", endpoints: ["https://a:2379", "https://b:2379"], group: "rack-7", id: "web-3", maxConcurrent: 2, lostAfterMs: 2700000, onLost: "release",
      onUnreachable: "hold", isolationGraceMs: 600000, tls: { caFile: "/etc/banken/ca.pem", certFile: "/etc/banken/c.pem", keyFile: "/etc/banken/k.pem" },
      username: "banken", passwordFile: "/etc/banken/etcd-password",
    });
    const fleetlock = parseAgentConfig(`[fleet]\nbackend = "fleetlock"\nendpoints = ["http://10.0.0.9:8080/"]\n`, "banken.toml").fleet;
    assert.equal(fleetlock?.backend, "fleetlock");
  });

  it("names each mistake and its line", () => {
    assert.equal(fleetError(`backend = "consul"\nendpoints = ["http://a:1"]`), 'banken.toml:3: fleet.backend: expected "etcd" or "fleetlock", not "consul"');
    assert.equal(fleetError(`backend = "etcd"`), 'banken.toml:2: fleet.endpoints: missing (e.g. endpoints = ["https://10.0.0.5:2379"])');
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["10.0.0.5:2379"]`), 'banken.toml:4: fleet.endpoints: "10.0.0.5:2379" is not an http:// or https:// URL');
    assert.equal(fleetError(`backend = "fleetlock"\nendpoints = ["http://a:1", "http://b:1"]`), "banken.toml:4: fleet.endpoints: a FleetLock server is one URL");
    assert.equal(fleetError(`backend = "fleetlock"\nendpoints = ["http://a:1"]\nmax-concurrent = 2`), "banken.toml:5: fleet.max-concurrent: the FleetLock server decides the slots of its groups; set them there");
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\ngroup = "rack 7"`), "banken.toml:5: fleet.group: expected letters, digits, dots and dashes only");
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\nmax-concurrent = 0`), "banken.toml:5: fleet.max-concurrent: expected an integer from 1 to 100000");
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\non-lost = "expire"`), 'banken.toml:5: fleet.on-lost: expected "keep" or "release", not "expire"');
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\non-unreachable = "wait"`), 'banken.toml:5: fleet.on-unreachable: expected "act" or "hold", not "wait"');
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\ncert-file = "/c.pem"`), "banken.toml:5: fleet.cert-file: cert-file and key-file go together");
    assert.equal(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\nusername = "u"`), "banken.toml:5: fleet.username: username and password-file go together");
    assert.match(fleetError(`backend = "etcd"\nendpoints = ["http://a:1"]\nttl = "5m"`), /^banken\.toml:5: fleet\.ttl: unknown key/);
  });

  it("refuses a CA, key or password file that others can change (they could answer for etcd)", async function () {
    if (process.geteuid?.() !== 0) this.skip(); // trust is judged for root (config/trust.ts)
    const dir = mkdtempSync(join(tmpdir(), "banken-fleet-trust-"));
    try {
      const ca = join(dir, "ca.pem");
      writeFileSync(ca, "");
      chmodSync(ca, 0o644);
      const config = join(dir, "banken.toml");
      writeFileSync(config, `[fleet]\nbackend = "etcd"\nendpoints = ["https://10.0.0.5:2379"]\nca-file = "${ca}"\n`);
      assert.equal((await loadAgentConfig(config)).fleet?.tls?.caFile, ca);
      chmodSync(ca, 0o666);
      await assert.rejects(loadAgentConfig(config), { message: `${config}: fleet.ca-file: refusing ${ca}: it is writable by others (mode 0666) (fix: chmod go-w ${ca})` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
