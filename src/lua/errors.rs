//! Error values: AWS errors as Lua sees them (`err.code`, `err.message`) and a failed
//! run as the user sees it (one line).

use crate::model::AwsError;
use mlua::{Error, Lua, Table, Value};
use std::fmt;

const METATABLE_KEY: &str = "vpclab.AwsError";

/// The Lua error value of an AWS error: a table `{code, message}` whose shared metatable
/// has `__name = "AwsError"` and `__tostring` giving `"<code>: <message>"`.
pub fn aws_error_table(lua: &Lua, err: &AwsError) -> mlua::Result<Table> {
    let t = lua.create_table_with_capacity(0, 2)?;
    t.raw_set("code", err.code.as_str())?;
    t.raw_set("message", err.message.as_str())?;
    t.set_metatable(Some(error_metatable(lua)?))?;
    Ok(t)
}

fn error_metatable(lua: &Lua) -> mlua::Result<Table> {
    if let Some(mt) = lua.named_registry_value::<Option<Table>>(METATABLE_KEY)? {
        return Ok(mt);
    }
    let mt = lua.create_table()?;
    mt.raw_set("__name", "AwsError")?;
    mt.raw_set("__metatable", "AwsError")?;
    let tostring = lua
        .load("local e = ... return tostring(rawget(e, 'code')) .. ': ' .. tostring(rawget(e, 'message'))")
        .set_name("=AwsError")
        .into_function()?;
    mt.raw_set("__tostring", tostring)?;
    lua.set_named_registry_value(METATABLE_KEY, &mt)?;
    Ok(mt)
}

/// The AWS error an mlua error carries: an [`AwsError`] anywhere in its chain, or
/// `InvalidParameter` for a Lua argument of the wrong type. `None` for other errors.
pub fn aws_error_of(err: &Error) -> Option<AwsError> {
    if let Some(aws) = err.downcast_ref::<AwsError>() {
        return Some(aws.clone());
    }
    let mut e = err;
    loop {
        match e {
            Error::CallbackError { cause, .. } | Error::WithContext { cause, .. } => e = cause,
            Error::BadArgument { .. } | Error::FromLuaConversionError { .. } => {
                return Some(AwsError::new("InvalidParameter", describe_conversion(e)));
            }
            _ => return None,
        }
    }
}

/// Lua's own wording for argument errors: `bad argument #1 to 'f' (table expected, got nil)`.
fn describe_conversion(err: &Error) -> String {
    match err {
        Error::BadArgument { to, pos, name, cause } => {
            let arg = match name {
                Some(n) => format!("'{n}'"),
                None => format!("#{pos}"),
            };
            let to = to.as_deref().map(|t| format!(" to '{t}'")).unwrap_or_default();
            format!("bad argument {arg}{to} ({})", describe_conversion(cause))
        }
        Error::FromLuaConversionError { from, to, message } => {
            let mut s = format!("{} expected, got {from}", lua_type_name(to));
            if let Some(m) = message {
                s.push_str(": ");
                s.push_str(m);
            }
            s
        }
        Error::CallbackError { cause, .. } | Error::WithContext { cause, .. } => describe_conversion(cause),
        other => first_line(&other.to_string()).to_string(),
    }
}

/// The Lua name of a Rust conversion target (`String` → `string`).
fn lua_type_name(rust: &str) -> &str {
    match rust {
        "String" | "str" | "LuaString" | "BorrowedStr" | "string" | "OsString" | "PathBuf" => "string",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize"
        | "integer" => "integer",
        "f32" | "f64" | "number" => "number",
        "bool" | "boolean" => "boolean",
        "Table" | "table" => "table",
        "Function" | "function" => "function",
        other => other,
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// An error a library function raises as C's `luaL_error` would: a plain message,
/// prefixed with the calling Lua function's `file:line: ` (none when a C function such
/// as `pcall` called it). `pcall` sees it as that string.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct LibError(pub String);

/// A [`LibError`] located at the caller of the running Rust function.
pub fn lib_error(lua: &Lua, message: impl fmt::Display) -> Error {
    let at = lua
        .inspect_stack(1, |d| {
            let src = d.source().short_src?;
            let line = d.current_line()?;
            Some(format!("{src}:{line}: "))
        })
        .flatten()
        .unwrap_or_default();
    Error::external(LibError(format!("{at}{message}")))
}

/// The converter the sandbox prelude applies to error values caught by `pcall`,
/// `xpcall` and `coroutine.resume`: Rust errors carrying an AWS error become
/// [`aws_error_table`]s, a memory error from a host function becomes Lua's own
/// `"not enough memory"`, everything else passes unchanged.
pub(crate) fn converter(lua: &Lua) -> mlua::Result<mlua::Function> {
    lua.create_function(|lua, v: Value| match &v {
        Value::Error(e) if e.downcast_ref::<LibError>().is_some() => {
            let message = e.downcast_ref::<LibError>().map(|l| l.0.as_str()).unwrap_or_default();
            Ok(Value::String(lua.create_string(message)?))
        }
        Value::Error(e) => match aws_error_of(e) {
            Some(aws) => Ok(Value::Table(aws_error_table(lua, &aws)?)),
            None if matches!(root(e), Error::MemoryError(_)) => {
                Ok(Value::String(lua.create_string("not enough memory")?))
            }
            None => Ok(v),
        },
        _ => Ok(v),
    })
}

/// The innermost cause of an mlua error.
pub(crate) fn root(err: &Error) -> &Error {
    let mut e = err;
    while let Error::CallbackError { cause, .. } | Error::WithContext { cause, .. } = e {
        e = cause;
    }
    e
}

/// Why a run stopped, as the one line printed to stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptError {
    /// A sandbox limit was hit: `LimitExceeded: instruction limit (…) reached at f.lua:3`.
    Limit(String),
    /// The run was cancelled from outside (Ctrl-C).
    Interrupted(String),
    /// An AWS (or argument) error no `pcall` caught; `location` is `file.lua:LINE`.
    Aws {
        /// The script line that made the failing call.
        location: Option<String>,
        /// The error.
        error: AwsError,
    },
    /// Any other Lua error, message as Lua gives it (`f.lua:3: attempt to index a nil value`).
    Lua(String),
}

impl ScriptError {
    /// The error code when there is one (`LimitExceeded`, an AWS code).
    pub fn code(&self) -> Option<&str> {
        match self {
            ScriptError::Limit(_) => Some("LimitExceeded"),
            ScriptError::Interrupted(_) => Some("Interrupted"),
            ScriptError::Aws { error, .. } => Some(&error.code),
            ScriptError::Lua(_) => None,
        }
    }

    /// Classifies an error returned by mlua (limits are the sandbox's business, see
    /// `Sandbox::script_error`).
    pub fn from_lua(err: &Error) -> ScriptError {
        if let Some(lib) = err.downcast_ref::<LibError>() {
            return ScriptError::Lua(lib.0.clone());
        }
        if let Some(error) = aws_error_of(err) {
            return ScriptError::Aws { location: callback_location(err), error };
        }
        let mut e = err;
        while let Error::CallbackError { cause, .. } | Error::WithContext { cause, .. } = e {
            e = cause;
        }
        let message = match e {
            Error::RuntimeError(m) | Error::MemoryError(m) => strip_traceback(m).to_string(),
            Error::SyntaxError { message, .. } => strip_traceback(message).to_string(),
            other => strip_traceback(&other.to_string()).to_string(),
        };
        match (e, callback_location(err)) {
            // A Rust callback's own message gets the caller's location, as `luaL_error` would.
            (Error::RuntimeError(_) | Error::ExternalError(_), Some(loc))
                if !std::ptr::eq(e, err) && !has_location(&message) =>
            {
                ScriptError::Lua(format!("{loc}: {message}"))
            }
            _ => ScriptError::Lua(message),
        }
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::Limit(m) | ScriptError::Interrupted(m) | ScriptError::Lua(m) => f.write_str(m),
            ScriptError::Aws { location: Some(loc), error } => write!(f, "{loc}: {error}"),
            ScriptError::Aws { location: None, error } => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ScriptError {}

/// Whether a message already starts with `chunk:line:` (a Lua error from a callback's callee).
fn has_location(message: &str) -> bool {
    let mut parts = message.splitn(3, ':');
    let (Some(chunk), Some(line), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !chunk.is_empty() && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

fn strip_traceback(message: &str) -> &str {
    message.split("\nstack traceback:").next().unwrap_or(message).trim_end()
}

/// `file:line` of the first Lua frame of the outermost callback traceback.
pub(crate) fn callback_location(err: &Error) -> Option<String> {
    let mut e = err;
    loop {
        match e {
            Error::CallbackError { traceback, .. } => return first_lua_frame(traceback),
            Error::WithContext { cause, .. } | Error::BadArgument { cause, .. } => e = cause,
            _ => return None,
        }
    }
}

/// The first `file:line` of a Lua traceback that belongs to a script (not `[C]`, not the
/// sandbox prelude, not mlua's generated `__index` helpers).
pub fn first_lua_frame(traceback: &str) -> Option<String> {
    traceback.lines().map(str::trim).find_map(|frame| {
        if frame.starts_with("[C]") || frame.starts_with("sandbox:") || frame.starts_with("__mlua") {
            return None;
        }
        let (file, rest) = frame.split_once(':')?;
        let line = rest.split(':').next()?;
        (!file.is_empty() && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{file}:{line}"))
    })
}

#[cfg(test)]
#[allow(clippy::arc_with_non_send_sync)] // mlua::Error holds its causes in Arcs
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn finds_aws_error_in_callback_chain() {
        let aws = AwsError::new("InvalidVpc.Range", "The CIDR '10.0.0.0/15' is invalid.");
        let err = Error::CallbackError {
            traceback: "stack traceback:\n\t[C]: in function 'fail'\n\tx.lua:3: in main chunk\n\t[C]: in ?".into(),
            cause: Arc::new(Error::external(aws.clone())),
        };
        assert_eq!(aws_error_of(&err), Some(aws));
        assert_eq!(
            ScriptError::from_lua(&err).to_string(),
            "x.lua:3: InvalidVpc.Range: The CIDR '10.0.0.0/15' is invalid."
        );
    }

    #[test]
    fn bad_argument_is_invalid_parameter() {
        let err = Error::BadArgument {
            to: Some("Vpc.create_subnet".into()),
            pos: 2,
            name: None,
            cause: Arc::new(Error::FromLuaConversionError { from: "string", to: "table".into(), message: None }),
        };
        let aws = aws_error_of(&err).unwrap();
        assert_eq!(aws.code, "InvalidParameter");
        assert_eq!(aws.message, "bad argument #2 to 'Vpc.create_subnet' (table expected, got string)");
    }

    #[test]
    fn located_messages() {
        assert!(has_location("x.lua:3: boom"));
        assert!(has_location("(command line):1: boom"));
        assert!(!has_location("the world is on fire"));
        assert!(!has_location("InvalidVpc.Range: bad"));
    }

    #[test]
    fn frames() {
        assert_eq!(
            first_lua_frame("stack traceback:\n\t[C]: in ?\n\tsandbox:3: in f\n\ta.lua:12: in main chunk"),
            Some("a.lua:12".to_string())
        );
        assert_eq!(first_lua_frame("stack traceback:\n\t[C]: in ?"), None);
        assert_eq!(
            first_lua_frame(
                "stack traceback:\n\t[C]: in ?\n\t__mlua_index:19: in metamethod 'index'\n\tb.lua:7: in main chunk"
            ),
            Some("b.lua:7".to_string())
        );
    }

    #[test]
    fn error_table_prints_code_and_message() {
        let lua = Lua::new();
        let t = aws_error_table(&lua, &AwsError::new("A.B", "bad")).unwrap();
        lua.globals().set("e", t).unwrap();
        let s: String = lua.load("return tostring(e) .. ' ' .. e.code").eval().unwrap();
        assert_eq!(s, "A.B: bad A.B");
    }
}
