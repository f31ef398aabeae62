//! `vpclab prompt`: an exercise's prompt rendered with one student's `params`.

use super::exercise::{ExerciseError, ExerciseFile, read_meta};
use super::plain::{Plain, render};
use crate::lua::limits::Limits;
use crate::lua::sandbox::on_vm_thread;
use crate::model::World;
use mlua::Value;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

/// The prompt of the exercise at `path` with `params(seed)` filled in (`seed` is needed
/// only when the exercise has params).
pub fn prompt(path: &Path, seed: Option<i64>) -> Result<String, ExerciseError> {
    let path = path.to_path_buf();
    let fail = |p: &Path, m: String| ExerciseError { path: p.display().to_string(), message: m };
    let p2 = path.clone();
    on_vm_thread(move || {
        let file = ExerciseFile::read(&p2)?;
        let world = Rc::new(RefCell::new(World::new()));
        let sandbox = file.sandbox(world, "us-east-1", &Limits::default())?;
        let table = file.load_table(&sandbox)?;
        let meta = read_meta(&file, &table, None)?;
        let params = match table.raw_get::<Value>("params") {
            Ok(Value::Function(f)) => {
                let Some(seed) = seed else {
                    return Err(file_error(
                        &file,
                        "this exercise has per-student params: give --student-id ID or --seed N",
                    ));
                };
                let v =
                    sandbox.call(&f, seed).map_err(|e| file_error(&file, &format!("params({seed}) failed: {e}")))?;
                let v = v.into_iter().next().unwrap_or(Value::Nil);
                Some(Plain::from_lua(&v).map_err(|e| file_error(&file, &format!("params({seed}): {e}")))?)
            }
            _ => None,
        };
        Ok(format!("# {}\n\n{}", meta.title, render(meta.prompt.trim_end(), params.as_ref())))
    })
    .map_err(|e| fail(&path, e.to_string()))?
}

fn file_error(file: &ExerciseFile, message: &str) -> ExerciseError {
    ExerciseError { path: file.display(), message: message.to_string() }
}
