// npm pack's prepack/postpack: the tarball's package.json goes without the `prepare` script.
// In a checkout `prepare` builds dist/ (npm ci runs it); in the tarball dist/ is already built, and
// npm would list `banken (prepare: npm run build)` among the install scripts it skipped, a warning a
// user cannot act on. `strip` keeps the original in .package.json.prepack; `restore` puts it back.
// Plain JavaScript, not TypeScript: it runs while the package is being packed, before anything else.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const manifest = join(root, "package.json");
const backup = join(root, ".package.json.prepack");

const step = process.argv[2];
if (step === "strip") {
  // A backup left by a pack that failed before postpack is the original: keep it.
  if (!existsSync(backup)) writeFileSync(backup, readFileSync(manifest));
  const pkg = JSON.parse(readFileSync(backup, "utf8"));
  delete pkg.scripts.prepare;
  writeFileSync(manifest, JSON.stringify(pkg, null, 2) + "\n");
} else if (step === "restore") {
  if (existsSync(backup)) renameSync(backup, manifest);
} else {
  process.stderr.write("usage: node tools/pack-manifest.js strip|restore\n");
  process.exitCode = 2;
}
