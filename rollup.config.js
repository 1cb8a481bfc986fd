// One bundle per board file (dist/firmware/<id>.js) and per observer board file
// (dist/observer/<id>.js), plus the host agent (dist/agent/) when host-agent/src/cli.ts exists.
// Firmware bundles: TypeScript → ES2019 (the firmware is written inside the Espruino dialect and
// linted for it), then terser at ecma 5 so minifying introduces no newer syntax, output as a plain
// script without "use strict" and without Object.freeze. tools/check-bundles.ts then proves each
// bundle is inside the dialect and within its size budget.
// Why a plain script and not an IIFE: the dialect notes ask for an IIFE because `exports` and
// `module` do not exist on the board; a bundle with no imports or exports needs neither. And an
// IIFE costs RAM on Espruino: every function made below two or more function scopes stores a
// copied array of its scope chain (jspeiGetScopesAsVar, src/jsparse.c), and the IIFE is one more
// scope on every chain (docs/performance.md, item 4). At the top level the bundle's ~20 helpers
// become globals with one-letter names (terser never picks a name the code uses as a global, such
// as E); `reset()` or a re-flash clears them.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import typescript from "@rollup/plugin-typescript";
import { parse } from "acorn";
import { minify } from "terser";

const root = import.meta.dirname;
// BANKEN_DIST moves every output (default dist/), so a size experiment does not clobber the shared
// dist/ that the simulator loads; BANKEN_FIRMWARE_ONLY=1 skips the slow agent build.
const dist = process.env.BANKEN_DIST ?? "dist";
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const NOT_BOARDS = new Set(["types.ts", "chips.ts"]);
const boardFiles = readdirSync(resolve(root, "boards")).filter((f) => f.endsWith(".ts") && !NOT_BOARDS.has(f));
const watchdogBoards = boardFiles.filter((f) => !f.startsWith("observer-"));
const observerBoards = boardFiles.filter((f) => f.startsWith("observer-"));

/** A generated entry module: `import board; main(board, version)`. */
function entryPlugin(name, code) {
  const id = "\0banken-entry:" + name;
  return {
    name: "banken-entry",
    resolveId: (source) => (source === id ? id : null),
    load: (loaded) => (loaded === id ? code : null),
    entry: id,
  };
}

// Property names the minifier must keep, besides those in any string literal of the chunk (a
// string may name a property at run time: `cfg[key]` with a config key from the wire, the
// observer's `board.watch[name]`): every name in the Espruino API the bundles use, and the keys of
// the flash record (firmware/core/types.ts, PersistedState; its history events are strings), which
// must read the same in every firmware version so a re-flash keeps the config and the history.
const ESPRUINO_API_NAMES = [...readFileSync(resolve(root, "firmware/espruino.d.ts"), "utf8").matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
const FLASH_RECORD_KEYS = ["cfg", "attempts", "boots", "log", "judge"];

/** Identifier-shaped string literals in `code`. */
function identifierStrings(code) {
  const found = new Set();
  const walk = (node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === "Literal" && typeof node.value === "string" && /^[A-Za-z_$][\w$]*$/.test(node.value)) found.add(node.value);
    for (const k of Object.keys(node)) if (k !== "type") walk(node[k]);
  };
  walk(parse(code, { ecmaVersion: "latest", sourceType: "script" }));
  return [...found];
}

/** Terser with settings that keep the output inside the Espruino dialect. */
function espruinoTerser() {
  return {
    name: "espruino-terser",
    async renderChunk(code) {
      const reserved = [...new Set([...ESPRUINO_API_NAMES, ...FLASH_RECORD_KEYS, ...identifierStrings(code)])];
      const out = await minify(code, {
        ecma: 5,
        module: false,
        toplevel: true,
        compress: { ecma: 5, hoist_funs: false, arrows: false, unsafe: false, unsafe_arrows: false, passes: 2 },
        // Every other property is the bundle's own (the core's API and options, the board file's
        // fields, flash slot results) and gets a short name; JavaScript's built-in names are kept
        // by terser itself (builtins: false).
        mangle: { properties: { reserved } },
        format: { ecma: 5, comments: false },
      });
      return { code: out.code, map: null };
    },
  };
}

// Board-file fields that only document the wiring or the chip (boards/types.ts): no firmware code
// reads them, and the board object lives in RAM for the whole run (main's closure holds it), so
// they are cut from the bundled copy. tools/check-bundles.ts and the docs still read the full files.
const DOC_ONLY_BOARD_FIELDS = new Set(["name", "chip", "pull", "pullOhms", "storageBytes"]);

/** Drops DOC_ONLY_BOARD_FIELDS properties from the compiled board files (after TypeScript). */
function boardFieldsPlugin() {
  const boardsDir = resolve(root, "boards") + "/";
  return {
    name: "banken-board-fields",
    transform(code, id) {
      if (!id.startsWith(boardsDir)) return null;
      // Each outermost object literal is rewritten from its kept properties (comments inside go).
      const render = (node) => {
        if (node.type !== "ObjectExpression") return code.slice(node.start, node.end);
        const kept = node.properties.filter((p) => p.type !== "Property" || p.computed || !DOC_ONLY_BOARD_FIELDS.has(p.key.name ?? p.key.value));
        return "{ " + kept.map((p) => (p.type === "Property" ? code.slice(p.start, p.value.start) + render(p.value) : code.slice(p.start, p.end))).join(", ") + " }";
      };
      const objects = [];
      const walk = (node) => {
        if (node === null || typeof node !== "object") return;
        if (Array.isArray(node)) return node.forEach(walk);
        if (node.type === "ObjectExpression") return void objects.push(node);
        for (const k of Object.keys(node)) if (k !== "type") walk(node[k]);
      };
      // acorn, not this.parse: its offsets are string indices (the comments hold "Ω").
      walk(parse(code, { ecmaVersion: "latest", sourceType: "module" }));
      let out = code;
      for (const node of objects.reverse()) out = out.slice(0, node.start) + render(node) + out.slice(node.end);
      return { code: out, map: null };
    },
  };
}

function firmwareBuild(entryName, entryCode, outFile) {
  const entry = entryPlugin(entryName, entryCode);
  return {
    input: entry.entry,
    plugins: [
      entry,
      typescript({
        tsconfig: resolve(root, "firmware/tsconfig.json"),
        include: ["firmware/**/*.ts", "boards/**/*.ts"],
        exclude: ["firmware/test/**"],
        compilerOptions: { noEmit: false, allowImportingTsExtensions: false, rewriteRelativeImportExtensions: true, target: "ES2019", module: "ESNext", sourceMap: false, declaration: false },
        noForceEmit: false,
      }),
      boardFieldsPlugin(),
      espruinoTerser(),
    ],
    output: { file: outFile, format: "es", strict: false, freeze: false, esModule: false, generatedCode: "es5" },
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY") throw new Error(warning.message);
      warn(warning);
    },
  };
}

// Stale outputs (a removed board, old agent chunks with other hashes) must not survive a build.
const firmwareOnly = process.env.BANKEN_FIRMWARE_ONLY === "1";
// BANKEN_FIRMWARE_ONLY leaves dist/agent alone: others may be running the agent from it.
for (const dir of firmwareOnly ? ["firmware", "observer"] : ["firmware", "observer", "agent"]) {
  rmSync(resolve(root, dist, dir), { recursive: true, force: true });
}

const configs = [];
for (const file of watchdogBoards) {
  const id = file.slice(0, -3);
  const code =
    `import board from ${JSON.stringify(resolve(root, "boards", file))};\n` +
    `import { main } from ${JSON.stringify(resolve(root, "firmware/main.ts"))};\n` +
    `main(board, ${JSON.stringify(pkg.version)});\n`;
  configs.push(firmwareBuild("firmware-" + id, code, resolve(root, dist, "firmware", id + ".js")));
}
for (const file of observerBoards) {
  const id = file.slice("observer-".length, -3);
  const code =
    `import board from ${JSON.stringify(resolve(root, "boards", file))};\n` +
    `import { observe } from ${JSON.stringify(resolve(root, "firmware/observer/main.ts"))};\n` +
    `observe(board);\n`;
  configs.push(firmwareBuild("observer-" + id, code, resolve(root, dist, "observer", id + ".js")));
}

const agentEntry = resolve(root, "host-agent/src/cli.ts");
// The agent's own programs run as child processes, compiled beside cli.js so an installed package
// runs without tsx: the simulated board behind `banken sim` and the demo, and the demo's chart
// renderer (host-agent/src/sim/programs.ts names them).
const agentPrograms = {
  "sim-board": resolve(root, "sim/tty-board.ts"),
  "demo-chart": resolve(root, "host-agent/src/demo/chart-cli.ts"),
};
// `banken beat` runs from cron every minute, so its start-up is measured (docs/performance.md,
// item 1). Every module file costs a resolve, a read and a compile, so: smol-toml (9 small ES
// modules) is bundled instead of left external, and what beat always loads (the command, the
// serial port, the config parser) goes into one "beat" chunk instead of ~10 shared chunks. The
// chunk follows static imports only, so the checks, the metrics and the library's udev lister stay
// separate chunks loaded when used; modules the CLI entry itself imports stay in the entry.
const BUNDLED_DEPENDENCIES = new Set(["smol-toml"]);
const BEAT_CHUNK_ROOTS = ["host-agent/src/commands/beat.ts", "host-agent/src/serial/native-port.ts", "host-agent/src/config/index.ts"];

function staticClosure(getModuleInfo, from, stop) {
  const seen = new Set();
  const todo = [from];
  while (todo.length > 0) {
    const id = todo.pop();
    const info = getModuleInfo(id);
    if (seen.has(id) || stop.has(id) || info === null || info.isExternal) continue;
    seen.add(id);
    todo.push(...info.importedIds);
  }
  return seen;
}

let beatModules = null;
function agentChunks(id, { getModuleInfo }) {
  if (beatModules === null) {
    const entry = staticClosure(getModuleInfo, agentEntry, new Set());
    beatModules = new Set(BEAT_CHUNK_ROOTS.flatMap((file) => [...staticClosure(getModuleInfo, resolve(root, file), entry)]));
  }
  return beatModules.has(id) ? "beat" : undefined;
}

if (existsSync(agentEntry) && !firmwareOnly) {
  const external = new Set([...builtinModules, ...Object.keys(pkg.dependencies ?? {})].filter((dep) => !BUNDLED_DEPENDENCIES.has(dep)));
  configs.push({
    input: { cli: agentEntry, ...agentPrograms },
    external: (id) => id.startsWith("node:") || external.has(id) || [...external].some((dep) => id.startsWith(dep + "/")),
    plugins: [
      {
        name: "bundled-dependencies",
        resolveId: (source) => (BUNDLED_DEPENDENCIES.has(source) ? fileURLToPath(import.meta.resolve(source)) : null),
      },
      typescript({
        tsconfig: resolve(root, "tsconfig.json"),
        include: ["host-agent/src/**/*.ts", "sim/**/*.ts", "chart/**/*.ts", "firmware/core/**/*.ts", "boards/**/*.ts"],
        exclude: ["**/*.test.ts"],
        compilerOptions: { noEmit: false, allowImportingTsExtensions: false, rewriteRelativeImportExtensions: true, module: "ESNext", moduleResolution: "Bundler", sourceMap: false, declaration: false },
      }),
    ],
    output: { dir: resolve(root, dist, "agent"), format: "es", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js", manualChunks: agentChunks },
  });
}

export default configs;
