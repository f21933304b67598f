//! GitHub Actions files in tests: reading workflows, and running roadsmith's composite
//! action (action.yml) the way GitHub's runner does, as far as the action needs. Nothing
//! here is GitHub's runner: an expression or key it does not know fails the test, so
//! the action cannot outgrow what its tests really run.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml_ng::Value;

pub fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()))
}

/// Every step of every job of a workflow.
pub fn steps(workflow: &Value) -> Vec<&Value> {
    workflow["jobs"]
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_sequence().into_iter().flatten())
        .collect()
}

/// The step whose `uses:` starts with `prefix`.
pub fn step_using<'a>(workflow: &'a Value, prefix: &str) -> &'a Value {
    steps(workflow)
        .into_iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(prefix)))
        .unwrap_or_else(|| panic!("a step uses {prefix}"))
}

/// A step's `with:` as text.
pub fn with(step: &Value) -> BTreeMap<String, String> {
    step["with"]
        .as_mapping()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => serde_yaml_ng::to_string(other).unwrap().trim().to_string(),
            };
            (k.as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// What a run of the action left: its outputs, and each step's output and errors.
pub struct ActionRun {
    pub outputs: BTreeMap<String, String>,
    pub log: String,
}

/// Runs `action_dir/action.yml` with the inputs `with`, in `workspace`, with `env` added.
/// Like the runner: inputs take their defaults; `${{ inputs.* }}` and
/// `${{ github.action_path }}` are filled in in each step's `env:` (never inside `run:`,
/// which the test refuses: that is where expressions become shell injection); each
/// `run:` goes to `bash --noprofile --norc -eo pipefail`; `$GITHUB_PATH` and
/// `$GITHUB_OUTPUT` are files read after each step; outputs come from
/// `${{ steps.ID.outputs.NAME }}`. `Err` names the step that failed.
pub fn run_action(
    action_dir: &Path,
    with: &BTreeMap<String, String>,
    workspace: &Path,
    env: &[(&str, &str)],
) -> Result<ActionRun, String> {
    let action = yaml(&action_dir.join("action.yml"));
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let mut context = Context {
        inputs: inputs(&action, with),
        action_dir,
        steps: BTreeMap::new(),
    };
    let mut runner = Runner::new(workspace, env);
    for (i, step) in action["runs"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .enumerate()
    {
        runner.run(i, step, &mut context)?;
    }
    let outputs = action["outputs"]
        .as_mapping()
        .into_iter()
        .flatten()
        .map(|(k, spec)| {
            let value = spec["value"].as_str().expect("outputs have a value");
            (k.as_str().unwrap().to_string(), context.fill(value))
        })
        .collect();
    Ok(ActionRun {
        outputs,
        log: runner.log,
    })
}

/// Every input the action declares, with its value from `with` or else its default.
fn inputs(action: &Value, with: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let declared = action["inputs"].as_mapping().expect("inputs");
    for name in with.keys() {
        assert!(
            declared.contains_key(name.as_str()),
            "`with: {name}` is no input of action.yml"
        );
    }
    let mut inputs = BTreeMap::new();
    for (name, spec) in declared {
        let name = name.as_str().unwrap().to_string();
        let value = with
            .get(&name)
            .cloned()
            .or_else(|| spec["default"].as_str().map(str::to_string))
            .unwrap_or_default();
        inputs.insert(name, value);
    }
    inputs
}

/// What `${{ … }}` can read: the inputs, the action's folder, and the outputs of the
/// steps run so far, by step id.
struct Context<'a> {
    inputs: BTreeMap<String, String>,
    action_dir: &'a Path,
    steps: BTreeMap<String, BTreeMap<String, String>>,
}

impl Context<'_> {
    /// `text` with each `${{ expression }}` replaced by its value.
    fn fill(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("}}")
                .expect("an expression ends with }}")
                + start;
            out.push_str(&self.value(rest[start + 3..end].trim()));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    fn value(&self, expression: &str) -> String {
        if let Some(name) = expression.strip_prefix("inputs.") {
            self.inputs
                .get(name)
                .unwrap_or_else(|| panic!("no input {name}"))
                .clone()
        } else if expression == "github.action_path" {
            self.action_dir.to_str().unwrap().to_string()
        } else if let Some(rest) = expression.strip_prefix("steps.") {
            let (id, name) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            self.steps
                .get(id)
                .and_then(|o| o.get(name))
                .cloned()
                .unwrap_or_default()
        } else {
            panic!("the test's runner does not know the expression {expression}")
        }
    }
}

/// The runner's side of one run of the action: its folder (`$RUNNER_TEMP`, the
/// `$GITHUB_PATH` file, each step's `$GITHUB_OUTPUT` file), the folders steps added to
/// `PATH` so far, and the log of every step.
struct Runner<'a> {
    dir: tempfile::TempDir,
    temp: PathBuf,
    github_path: PathBuf,
    path_dirs: Vec<PathBuf>,
    workspace: &'a Path,
    env: &'a [(&'a str, &'a str)],
    log: String,
}

impl<'a> Runner<'a> {
    fn new(workspace: &'a Path, env: &'a [(&'a str, &'a str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join("temp");
        std::fs::create_dir(&temp).unwrap();
        let github_path = dir.path().join("path");
        std::fs::write(&github_path, "").unwrap();
        Runner {
            dir,
            temp,
            github_path,
            path_dirs: Vec::new(),
            workspace,
            env,
            log: String::new(),
        }
    }

    /// Runs step `i`, then reads what it wrote to `$GITHUB_PATH` and, if it has an id,
    /// its outputs into `context`.
    fn run(&mut self, i: usize, step: &Value, context: &mut Context) -> Result<(), String> {
        let name = step["name"].as_str().unwrap_or("a step").to_string();
        assert_eq!(step["shell"].as_str(), Some("bash"), "{name}: shell: bash");
        let script = step["run"].as_str().expect("only run: steps");
        assert!(
            !script.contains("${{"),
            "{name}: expressions go in env:, not in the script"
        );
        let github_output = self.dir.path().join(format!("output-{i}"));
        std::fs::write(&github_output, "").unwrap();
        let out = self
            .command(step, script, &github_output, context)
            .output()
            .unwrap();
        self.log.push_str(&format!(
            "== {name}\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
        if !out.status.success() {
            return Err(format!("step \"{name}\" failed:\n{}", self.log));
        }
        self.path_dirs = std::fs::read_to_string(&self.github_path)
            .unwrap()
            .lines()
            .map(Into::into)
            .collect();
        if let Some(id) = step["id"].as_str() {
            let written = std::fs::read_to_string(&github_output).unwrap();
            let outputs = written
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            context.steps.insert(id.to_string(), outputs);
        }
        Ok(())
    }

    /// The `bash` of a step, with the runner's variables, the test's `env` and the step's
    /// `env:` filled in from `context`.
    fn command(
        &self,
        step: &Value,
        script: &str,
        github_output: &Path,
        context: &Context,
    ) -> Command {
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(self.workspace)
            .env("RUNNER_TEMP", &self.temp)
            .env("GITHUB_PATH", &self.github_path)
            .env("GITHUB_OUTPUT", github_output);
        for (k, v) in self.env.iter().filter(|(k, _)| *k != "PATH") {
            command.env(k, v);
        }
        for (k, v) in step["env"].as_mapping().into_iter().flatten() {
            let v = v.as_str().expect("env values are text");
            command.env(k.as_str().unwrap(), context.fill(v));
        }
        command.env("PATH", self.path());
        command
    }

    /// The folders steps added to `$GITHUB_PATH`, the last added first, before the test's
    /// `PATH` (or this process's).
    fn path(&self) -> std::ffi::OsString {
        let path = match self.env.iter().find(|(k, _)| *k == "PATH") {
            Some((_, v)) => std::ffi::OsString::from(v),
            None => std::env::var_os("PATH").unwrap_or_default(),
        };
        let mut paths: Vec<_> = self.path_dirs.iter().rev().cloned().collect();
        paths.extend(std::env::split_paths(&path));
        std::env::join_paths(paths).unwrap()
    }
}
