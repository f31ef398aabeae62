//! The interactive REPL.

/// Runs the interactive REPL until Ctrl-D.
pub fn run_interactive(
    api: crate::lua::api::ApiOptions,
    limits: crate::lua::limits::Limits,
) -> std::io::Result<()> {
    let _ = (api, limits);
    Ok(())
}
