// Lint: typescript-eslint's recommended rules everywhere, plus, for code that ends up in a
// firmware bundle, a ban on the syntax the Espruino interpreter rejects
// (docs/espruino-dialect.md). The built bundle is checked again by
// tools/check-bundles.ts; this catches it earlier, at the line that wrote it.
import { readFileSync } from "node:fs";
import tseslint from "typescript-eslint";

// The pure core (and main.ts, which only wires) may name no Espruino global: every global that
// firmware/espruino.d.ts declares, plus the board API it leaves out. Only firmware/hw/* and the
// observer name them (tools/test/core-purity.test.ts proves the rule fires).
const espruinoDeclared = [...readFileSync(new URL("./firmware/espruino.d.ts", import.meta.url), "utf8").matchAll(/^declare (?:function|const) (\w+)/gm)].map((m) => m[1]);
const espruinoUndeclared = ["Storage", "Serial2", "Serial3", "Bluetooth", "Pin", "analogRead", "analogWrite", "setTime", "reset", "save", "print", "dump", "peek32", "poke32", "I2C1", "SPI1", "Wifi", "ESP32", "ESP8266"];
const espruinoGlobals = [...new Set([...espruinoDeclared, ...espruinoUndeclared])].map((name) => ({
  name,
  message: "firmware/core and firmware/main.ts are pure: Espruino globals belong in firmware/hw/.",
}));

const espruinoForbidden = [
  { selector: "ObjectPattern", message: "Espruino: no destructuring." },
  { selector: "ArrayPattern", message: "Espruino: no destructuring." },
  { selector: "SpreadElement", message: "Espruino: no spread." },
  { selector: "RestElement", message: "Espruino: no rest parameters." },
  { selector: "AssignmentPattern", message: "Espruino: no default parameters." },
  { selector: "ChainExpression", message: "Espruino: no optional chaining." },
  { selector: "BinaryExpression[operator='**']", message: "Espruino: no exponent operator." },
  { selector: "Property[computed=true]", message: "Espruino: no computed keys." },
  { selector: "FunctionDeclaration[async=true], FunctionExpression[async=true], ArrowFunctionExpression[async=true]", message: "Espruino: no async." },
  { selector: "FunctionDeclaration[generator=true], FunctionExpression[generator=true]", message: "Espruino: no generators." },
  { selector: "LabeledStatement", message: "Espruino: no labels." },
  { selector: "PrivateIdentifier", message: "Espruino: no #private." },
  { selector: "ClassDeclaration[superClass]", message: "Espruino: no class inheritance (no hoisting, statics not inherited)." },
  { selector: "Literal[regex]", message: "Espruino: parse with string methods, not regular expressions." },
  { selector: "ForInStatement > VariableDeclaration[kind='let']", message: "Espruino: let is not rebound per iteration." },
  { selector: "ForStatement > VariableDeclaration[kind='let']", message: "Espruino: let is not rebound per iteration; use var." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "hil-tests/out/**", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["firmware/**/*.ts", "boards/**/*.ts"],
    ignores: ["firmware/test/**"],
    // no-var off: the dialect needs `var` in for loops (see the last two espruinoForbidden entries).
    rules: { "no-restricted-syntax": ["error", ...espruinoForbidden], "no-var": "off" },
  },
  {
    files: ["firmware/core/**/*.ts", "firmware/main.ts"],
    rules: { "no-restricted-globals": ["error", ...espruinoGlobals] },
  },
);
