//! The embedded Lua standard library: `stdlib/**/*.lua`, loaded by `require`.
//!
//! Each file is listed here once; a test checks the list matches the folder.

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

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
}
