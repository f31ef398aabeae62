//! Exercise files (CLI.md "Exercise format"): loading the returned table in a sandbox
//! and reading its fields into plain, `Send` metadata.

use crate::lua::api::{ApiOptions, SharedWorld};
use crate::lua::limits::Limits;
use crate::lua::output::{Captured, Output};
use crate::lua::sandbox::Sandbox;
use crate::model::suggest;
use mlua::{Function, Table, Value};
use std::path::{Path, PathBuf};

/// Keys an exercise table may carry.
const EXERCISE_KEYS: &[&str] =
    &["id", "title", "prompt", "region", "setup", "limits", "checks", "params", "solution", "wrong"];
/// Keys a check may carry.
const CHECK_KEYS: &[&str] = &["name", "points", "run", "hint", "hidden"];

/// An exercise that cannot be used (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ExerciseError {
    /// The exercise file.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

/// The exercise file: its path and source.
#[derive(Debug, Clone)]
pub struct ExerciseFile {
    /// The path as given.
    pub path: PathBuf,
    /// The Lua source.
    pub source: Vec<u8>,
}

impl ExerciseFile {
    /// Reads the file.
    pub fn read(path: &Path) -> Result<ExerciseFile, ExerciseError> {
        let source = std::fs::read(path).map_err(|e| ExerciseError {
            path: path.display().to_string(),
            message: format!("cannot read the exercise: {e}"),
        })?;
        Ok(ExerciseFile { path: path.to_path_buf(), source })
    }

    /// The path for messages.
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }

    fn error(&self, message: impl Into<String>) -> ExerciseError {
        ExerciseError { path: self.display(), message: message.into() }
    }

    /// A file named by the exercise (`solution`, `wrong`), relative to the exercise's folder.
    pub fn sibling(&self, name: &str) -> PathBuf {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
            _ => PathBuf::from(name),
        }
    }

    /// Runs the file in `sandbox` and returns the table it returns.
    pub fn load_table(&self, sandbox: &Sandbox) -> Result<Table, ExerciseError> {
        let chunk = format!("@{}", self.display());
        let values = sandbox.exec(&self.source, &chunk).map_err(|e| self.error(e.to_string()))?;
        match values.into_iter().next() {
            Some(Value::Table(t)) => Ok(t),
            other => Err(self.error(format!(
                "an exercise file must return a table, this one returns {}",
                other.map(|v| v.type_name()).unwrap_or("nothing")
            ))),
        }
    }

    /// A sandbox for the exercise's own code (setup, params, checks) over `world`, with
    /// its printed output captured and dropped.
    pub fn sandbox(&self, world: SharedWorld, region: &str, limits: &Limits) -> Result<Sandbox, ExerciseError> {
        let api = ApiOptions { default_region: region.to_string() };
        Sandbox::new(world, &api, limits, Output::Capture(Captured::new()))
            .map_err(|e| self.error(format!("cannot start the Lua sandbox: {e}")))
    }
}

/// One check as the report describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckMeta {
    /// Its name.
    pub name: String,
    /// Points it is worth.
    pub points: f64,
    /// Shown to the student after a failure.
    pub hint: Option<String>,
    /// Scored, but named only as "hidden check N" to the student.
    pub hidden: bool,
    /// The source lines of its `run` function (Exercism's `test_code`).
    pub test_code: String,
}

/// What an exercise declares, read once from its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Stable identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// The prompt template (`{{key}}` placeholders).
    pub prompt: String,
    /// Default region for the submission.
    pub region: String,
    /// Limits for the submission and for each check.
    pub limits: Limits,
    /// The checks, in order.
    pub checks: Vec<CheckMeta>,
    /// The exercise has per-student `params`.
    pub has_params: bool,
    /// The reference solution (resolved next to the exercise).
    pub solution: Option<PathBuf>,
    /// Known-wrong solutions.
    pub wrong: Vec<PathBuf>,
}

impl Meta {
    /// The sum of the checks' points.
    pub fn max_score(&self) -> f64 {
        self.checks.iter().map(|c| c.points).sum()
    }
}

/// Reads the exercise table; `overrides` are `--limits` applied after the exercise's own.
pub fn read_meta(file: &ExerciseFile, t: &Table, overrides: Option<&str>) -> Result<Meta, ExerciseError> {
    let err = |m: String| file.error(m);
    check_keys(t, EXERCISE_KEYS, "exercise").map_err(err)?;
    let text = |key: &str| -> Result<Option<String>, ExerciseError> {
        match t.raw_get::<Value>(key).map_err(|e| err(e.to_string()))? {
            Value::Nil => Ok(None),
            Value::String(s) => Ok(Some(s.to_string_lossy())),
            v => Err(err(format!("'{key}' must be a string, not a {}", v.type_name()))),
        }
    };
    let id = text("id")?.ok_or_else(|| err("the exercise has no 'id'".to_string()))?;
    let title = text("title")?.unwrap_or_else(|| id.clone());
    let prompt = text("prompt")?.unwrap_or_default();
    let region = text("region")?.unwrap_or_else(|| "us-east-1".to_string());
    if crate::model::region::azs_of(&region).is_none() {
        return Err(err(format!("unknown region '{region}'")));
    }
    for key in ["setup", "params"] {
        match t.raw_get::<Value>(key).map_err(|e| err(e.to_string()))? {
            Value::Nil | Value::Function(_) => {}
            v => return Err(err(format!("'{key}' must be a function, not a {}", v.type_name()))),
        }
    }
    let has_params = !matches!(t.raw_get::<Value>("params"), Ok(Value::Nil));
    let mut limits = read_limits(t).map_err(err)?;
    if let Some(spec) = overrides {
        limits = limits.with_overrides(spec).map_err(|e| err(format!("--limits: {e}")))?;
    }
    let checks = read_checks(file, t)?;
    let solution = text("solution")?.map(|s| file.sibling(&s));
    let wrong = match t.raw_get::<Value>("wrong").map_err(|e| err(e.to_string()))? {
        Value::Nil => Vec::new(),
        Value::String(s) => vec![file.sibling(&s.to_string_lossy())],
        Value::Table(list) => {
            let mut out = Vec::new();
            for v in list.sequence_values::<Value>() {
                match v.map_err(|e| err(e.to_string()))? {
                    Value::String(s) => out.push(file.sibling(&s.to_string_lossy())),
                    v => return Err(err(format!("'wrong' lists file names, not a {}", v.type_name()))),
                }
            }
            out
        }
        v => return Err(err(format!("'wrong' must be a list of file names, not a {}", v.type_name()))),
    };
    Ok(Meta { id, title, prompt, region, limits, checks, has_params, solution, wrong })
}

/// Rejects keys outside `allowed`, suggesting the closest one.
fn check_keys(t: &Table, allowed: &[&str], what: &str) -> Result<(), String> {
    for pair in t.pairs::<Value, Value>() {
        let (k, _) = pair.map_err(|e| e.to_string())?;
        let key = match &k {
            Value::String(s) => s.to_string_lossy(),
            Value::Integer(_) | Value::Number(_) => continue,
            other => return Err(format!("{what} keys are names, not a {}", other.type_name())),
        };
        if !allowed.contains(&key.as_str()) {
            let hint = suggest(&key, allowed).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
            return Err(format!("unknown {what} field '{key}'{hint}"));
        }
    }
    Ok(())
}

fn read_limits(t: &Table) -> Result<Limits, String> {
    let mut limits = Limits::default();
    match t.raw_get::<Value>("limits").map_err(|e| e.to_string())? {
        Value::Nil => {}
        Value::Table(lt) => {
            for pair in lt.pairs::<String, Value>() {
                let (k, v) = pair.map_err(|e| format!("limits: {e}"))?;
                let value = match v {
                    Value::Integer(i) => i.to_string(),
                    Value::Number(n) => format!("{n}"),
                    Value::String(s) => s.to_string_lossy(),
                    v => return Err(format!("limits.{k} must be a number or a string, not a {}", v.type_name())),
                };
                limits.set(&k, &value).map_err(|e| format!("limits: {e}"))?;
            }
        }
        v => return Err(format!("'limits' must be a table, not a {}", v.type_name())),
    }
    Ok(limits)
}

fn read_checks(file: &ExerciseFile, t: &Table) -> Result<Vec<CheckMeta>, ExerciseError> {
    let err = |m: String| file.error(m);
    let list = match t.raw_get::<Value>("checks").map_err(|e| err(e.to_string()))? {
        Value::Table(list) => list,
        Value::Nil => return Err(err("the exercise has no 'checks'".to_string())),
        v => return Err(err(format!("'checks' must be a list, not a {}", v.type_name()))),
    };
    let source = String::from_utf8_lossy(&file.source);
    let lines: Vec<&str> = source.lines().collect();
    let mut checks = Vec::new();
    for (i, v) in list.sequence_values::<Value>().enumerate() {
        let n = i + 1;
        let c = match v.map_err(|e| err(e.to_string()))? {
            Value::Table(c) => c,
            v => return Err(err(format!("check {n} must be a table, not a {}", v.type_name()))),
        };
        check_keys(&c, CHECK_KEYS, "check").map_err(|m| err(format!("check {n}: {m}")))?;
        let name = match c.raw_get::<Value>("name").map_err(|e| err(e.to_string()))? {
            Value::String(s) => s.to_string_lossy(),
            _ => return Err(err(format!("check {n} has no 'name' string"))),
        };
        let points = match c.raw_get::<Value>("points").map_err(|e| err(e.to_string()))? {
            Value::Nil => 1.0,
            Value::Integer(p) if p >= 0 => p as f64,
            Value::Number(p) if p.is_finite() && p >= 0.0 => p,
            v => return Err(err(format!("check {n} ('{name}'): points must be a number >= 0, got {v:?}"))),
        };
        let run = match c.raw_get::<Value>("run").map_err(|e| err(e.to_string()))? {
            Value::Function(f) => f,
            _ => return Err(err(format!("check {n} ('{name}') has no 'run' function"))),
        };
        let hint = match c.raw_get::<Value>("hint").map_err(|e| err(e.to_string()))? {
            Value::Nil => None,
            Value::String(s) => Some(s.to_string_lossy()),
            v => return Err(err(format!("check {n} ('{name}'): hint must be a string, not a {}", v.type_name()))),
        };
        let hidden = match c.raw_get::<Value>("hidden").map_err(|e| err(e.to_string()))? {
            Value::Nil => false,
            Value::Boolean(b) => b,
            v => return Err(err(format!("check {n} ('{name}'): hidden must be a boolean, not a {}", v.type_name()))),
        };
        checks.push(CheckMeta { name, points, hint, hidden, test_code: function_source(&run, &lines) });
    }
    if checks.is_empty() {
        return Err(err("'checks' is empty".to_string()));
    }
    Ok(checks)
}

/// The source lines a Lua function spans.
fn function_source(f: &Function, lines: &[&str]) -> String {
    let info = f.info();
    match (info.line_defined, info.last_line_defined) {
        (Some(from), Some(to)) if from >= 1 && to >= from && to <= lines.len() => lines[from - 1..to].join("\n"),
        _ => String::new(),
    }
}

/// The check functions of an exercise table, in order.
pub fn check_functions(t: &Table) -> mlua::Result<Vec<Function>> {
    let list: Table = t.raw_get("checks")?;
    list.sequence_values::<Table>().map(|c| c?.raw_get::<Function>("run")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lua::sandbox::on_vm_thread;
    use crate::model::World;
    use std::cell::RefCell;
    use std::rc::Rc;

    fn meta_of(src: &str) -> Result<Meta, ExerciseError> {
        let src = src.to_string();
        on_vm_thread(move || {
            let file = ExerciseFile { path: PathBuf::from("dir/ex.lua"), source: src.into_bytes() };
            let world = Rc::new(RefCell::new(World::new()));
            let sb = file.sandbox(world, "us-east-1", &Limits::default())?;
            let t = file.load_table(&sb)?;
            read_meta(&file, &t, None)
        })
        .expect("vm thread")
    }

    #[test]
    fn reads_fields_and_resolves_files() {
        let m = meta_of(
            "return { id = 'x', limits = { instructions = 5e7, time = '2s' },\n checks = {\n { name = 'a', points = 2, run = function()\n end, hint = 'h' },\n { name = 'b', hidden = true, run = function() end } },\n solution = 's.lua', wrong = { 'w.lua' } }",
        )
        .unwrap();
        assert_eq!(m.title, "x");
        assert_eq!(m.limits.instructions, 50_000_000);
        assert_eq!(m.limits.wall.as_secs(), 2);
        assert_eq!(m.max_score(), 3.0);
        assert_eq!(m.checks[0].test_code, " { name = 'a', points = 2, run = function()\n end, hint = 'h' },");
        assert!(m.checks[1].hidden);
        assert_eq!(m.solution, Some(PathBuf::from("dir/s.lua")));
        assert_eq!(m.wrong, vec![PathBuf::from("dir/w.lua")]);
    }

    #[test]
    fn bad_exercises_name_the_problem() {
        let e = meta_of("return { id = 'x', chekcs = {} }").unwrap_err();
        assert_eq!(e.to_string(), "dir/ex.lua: unknown exercise field 'chekcs'; did you mean 'checks'?");
        let e = meta_of("return 3").unwrap_err();
        assert!(e.message.contains("must return a table, this one returns integer"), "{e}");
        let e = meta_of("return { id = 'x', checks = { { name = 'a' } } }").unwrap_err();
        assert!(e.message.contains("check 1 ('a') has no 'run' function"), "{e}");
        let e = meta_of("return { id = 'x', region = 'mars-1', checks = {} }").unwrap_err();
        assert!(e.message.contains("unknown region 'mars-1'"), "{e}");
        let e = meta_of("return { id = 'x', limits = { cpu = 1 }, checks = {} }").unwrap_err();
        assert!(e.message.contains("unknown limit 'cpu'"), "{e}");
    }
}
