//! What `require` may load: the embedded `stdlib/**/*.lua`, and modules next to the script.
//!
//! The embedded modules are listed here once; a test checks the list matches the folder.
//! A module next to the script is `NAME.lua` (dots are folders) that, **after
//! canonicalisation** (symlinks followed), lies inside the script's folder and is a regular
//! file of at most [`crate::lua::source::MAX_SOURCE_BYTES`].

use crate::lua::source;
use std::path::{Path, PathBuf};

/// One embedded module: its `require` name, chunk name and source.
#[derive(Debug, Clone, Copy)]
pub struct Module {
    /// The name given to `require` (`vpclab.util`).
    pub name: &'static str,
    /// The chunk name, so tracebacks read `stdlib/vpclab/util.lua:3:`.
    pub chunk_name: &'static str,
    /// The Lua source.
    pub source: &'static str,
}

macro_rules! modules {
    ($($name:literal => $path:literal),* $(,)?) => {
        &[$(Module {
            name: $name,
            chunk_name: concat!("@stdlib/", $path),
            source: include_str!(concat!("../../stdlib/", $path)),
        }),*]
    };
}

/// Every embedded module.
pub const MODULES: &[Module] = modules! {
    "vpclab.expect" => "vpclab/expect.lua",
    "vpclab.util" => "vpclab/util.lua",
};

/// The embedded module `require(name)` loads, if any.
pub fn find(name: &str) -> Option<&'static Module> {
    MODULES.iter().find(|m| m.name == name)
}

/// A module found next to the script: where it is (as shown) and its source.
#[derive(Debug)]
pub struct LocalModule {
    /// The path shown in chunk names and messages (`lib/helper.lua` under the folder given).
    pub shown: String,
    /// The source.
    pub source: Vec<u8>,
}

/// Finds `name` in `dir`: `Err(why not)` in words for `require`'s message.
pub fn find_local(dir: &Path, name: &str) -> Result<LocalModule, String> {
    if !valid_module_name(name) {
        return Err("module names are dot-separated words (letters, digits, '_', '-')".to_string());
    }
    let path = dir.join(format!("{}.lua", name.replace('.', "/")));
    let shown = display_path(&path);
    let inside = |p: &Path| -> Option<PathBuf> {
        let root = std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }).ok()?;
        let real = std::fs::canonicalize(p).ok()?;
        real.starts_with(&root).then_some(real)
    };
    let Some(real) = path.symlink_metadata().ok().and_then(|_| inside(&path)) else {
        return Err(if path.symlink_metadata().is_ok() {
            format!("'{shown}' resolves outside the script's folder")
        } else {
            format!("no embedded module, no file '{shown}'")
        });
    };
    match source::read_file(&real) {
        Ok(source) => Ok(LocalModule { shown, source }),
        Err(e) => Err(format!("cannot read '{shown}': {e}")),
    }
}

fn display_path(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// `a.b_c.d-e` style names only: no `..`, no separators, no leading dot.
fn valid_module_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('.')
            .all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lua_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                lua_files(&path, &format!("{prefix}{name}/"), out);
            } else if let Some(stem) = name.strip_suffix(".lua") {
                out.push(format!("{prefix}{stem}").replace('/', "."));
            }
        }
    }

    #[test]
    fn every_stdlib_file_is_embedded() {
        let mut on_disk = Vec::new();
        lua_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("stdlib"), "", &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = MODULES.iter().map(|m| m.name.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
        for m in MODULES {
            assert_eq!(m.chunk_name, format!("@stdlib/{}.lua", m.name.replace('.', "/")));
        }
    }

    #[test]
    fn module_names() {
        assert!(valid_module_name("lib.helpers"));
        assert!(valid_module_name("my-mod_2"));
        for bad in ["", "..", "a..b", ".a", "a/b", "a\\b", "../x", "a."] {
            assert!(!valid_module_name(bad), "{bad}");
        }
    }

    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let dir = std::env::temp_dir().join(format!("vpclab-stdlib-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lib")).unwrap();
        std::fs::write(dir.join("lib/ok.lua"), "return 1").unwrap();
        let _ = std::os::unix::fs::symlink("/etc/passwd", dir.join("lnk.lua"));
        let outside = std::env::temp_dir().join(format!("vpclab-outside-{}", std::process::id()));
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("x.lua"), "return 'leaked'").unwrap();
        let _ = std::os::unix::fs::symlink(&outside, dir.join("root"));
        let _ = std::os::unix::fs::symlink("lib/ok.lua", dir.join("alias.lua"));
        assert_eq!(find_local(&dir, "lib.ok").unwrap().source, b"return 1");
        assert_eq!(find_local(&dir, "alias").unwrap().source, b"return 1");
        assert!(find_local(&dir, "lnk").unwrap_err().contains("resolves outside the script's folder"));
        assert!(find_local(&dir, "root.x").unwrap_err().contains("outside"));
        assert!(find_local(&dir, "nope").unwrap_err().starts_with("no embedded module, no file"));
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
    }
}
