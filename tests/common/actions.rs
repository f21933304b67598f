//! GitHub Actions files in tests: reading workflows, and running roadsmith's composite
//! action (action.yml) the way GitHub's runner does, as far as the action needs. Nothing
//! here is GitHub's runner: an expression or key it does not know fails the test, so
//! the action cannot outgrow what its tests really run.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
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
    let runner = tempfile::tempdir().unwrap();
    let temp = runner.path().join("temp");
    std::fs::create_dir(&temp).unwrap();
    let github_path = runner.path().join("path");
    std::fs::write(&github_path, "").unwrap();
    let mut path_dirs: Vec<std::path::PathBuf> = Vec::new();
    let mut step_outputs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut log = String::new();

    let fill = |text: &str, steps: &BTreeMap<String, BTreeMap<String, String>>| -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("}}")
                .expect("an expression ends with }}")
                + start;
            let expression = rest[start + 3..end].trim();
            let value = if let Some(name) = expression.strip_prefix("inputs.") {
                inputs
                    .get(name)
                    .unwrap_or_else(|| panic!("no input {name}"))
                    .clone()
            } else if expression == "github.action_path" {
                action_dir.to_str().unwrap().to_string()
            } else if let Some(rest) = expression.strip_prefix("steps.") {
                let (id, name) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
                steps
                    .get(id)
                    .and_then(|o| o.get(name))
                    .cloned()
                    .unwrap_or_default()
            } else {
                panic!("the test's runner does not know the expression {expression}")
            };
            out.push_str(&value);
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    };

    for (i, step) in action["runs"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .enumerate()
    {
        let name = step["name"].as_str().unwrap_or("a step").to_string();
        assert_eq!(step["shell"].as_str(), Some("bash"), "{name}: shell: bash");
        let script = step["run"].as_str().expect("only run: steps");
        assert!(
            !script.contains("${{"),
            "{name}: expressions go in env:, not in the script"
        );
        let github_output = runner.path().join(format!("output-{i}"));
        std::fs::write(&github_output, "").unwrap();
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(workspace)
            .env("RUNNER_TEMP", &temp)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_OUTPUT", &github_output);
        for (k, v) in env.iter().filter(|(k, _)| *k != "PATH") {
            command.env(k, v);
        }
        for (k, v) in step["env"].as_mapping().into_iter().flatten() {
            let v = v.as_str().expect("env values are text");
            command.env(k.as_str().unwrap(), fill(v, &step_outputs));
        }
        let path = match env.iter().find(|(k, _)| *k == "PATH") {
            Some((_, v)) => std::ffi::OsString::from(v),
            None => std::env::var_os("PATH").unwrap_or_default(),
        };
        let mut paths: Vec<_> = path_dirs.iter().rev().cloned().collect();
        paths.extend(std::env::split_paths(&path));
        command.env("PATH", std::env::join_paths(paths).unwrap());

        let out = command.output().unwrap();
        log.push_str(&format!(
            "== {name}\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
        if !out.status.success() {
            return Err(format!("step \"{name}\" failed:\n{log}"));
        }
        path_dirs = std::fs::read_to_string(&github_path)
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
            step_outputs.insert(id.to_string(), outputs);
        }
    }
    let outputs = action["outputs"]
        .as_mapping()
        .into_iter()
        .flatten()
        .map(|(k, spec)| {
            let value = spec["value"].as_str().expect("outputs have a value");
            (k.as_str().unwrap().to_string(), fill(value, &step_outputs))
        })
        .collect();
    Ok(ActionRun { outputs, log })
}
